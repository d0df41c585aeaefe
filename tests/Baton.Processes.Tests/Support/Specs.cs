using Baton.Core.Processes;

namespace Baton.Processes.Tests.Support;

public static class Specs
{
    public static ProcessSpec Bash(string script, TimeSpan? timeout = null, TimeSpan? grace = null) =>
        ProcessSpec.Shell(script, Path.GetTempPath(), ChildEnvironment.Create()) with
        {
            Timeout = timeout,
            GracePeriod = grace ?? TimeSpan.FromSeconds(3),
        };

    public static ProcessSpec Program(string fileName, params string[] arguments) => new()
    {
        FileName = fileName,
        Arguments = arguments,
        WorkingDirectory = Path.GetTempPath(),
        Environment = ChildEnvironment.Create(),
    };
}
