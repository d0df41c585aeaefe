using System.Diagnostics;

namespace Baton.Bench.Infra;

/// <summary>The <c>baton</c> executable under test, run in a benchmark repo with the bench's environment.</summary>
internal sealed class BatonCli(string executable)
{
    public string Executable { get; } = executable;

    public Task<ProcessOutcome> RunAsync(
        BenchRepo repo,
        IReadOnlyList<string> args,
        TimeSpan timeout,
        CancellationToken ct,
        Func<Process, CancellationToken, Task>? whileRunning = null)
    {
        var env = new Dictionary<string, string>(Git.Identity) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["NO_COLOR"] = "1" };
        return ChildProcess.RunAsync(Executable, args, repo.Path, timeout, ct, env, whileRunning);
    }
}
