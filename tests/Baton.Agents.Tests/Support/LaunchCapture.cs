using Baton.Core.Ports;
using Baton.Core.Processes;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// A process runner that starts nothing: it keeps the spec an adapter asked for and plays back the given output lines
/// and exit code, so a test can check the argv and environment of a turn without the real CLI.
/// </summary>
public sealed class LaunchCapture(IReadOnlyList<OutputLine>? output = null, int exitCode = 0) : IProcessRunner
{
    public ProcessSpec? Spec { get; private set; }

    public ProcessSpec Started => Spec ?? throw new InvalidOperationException("the adapter started no process");

    public static LaunchCapture Printing(int exitCode, params string[] stdout) =>
        new([.. stdout.Select(l => new OutputLine(false, l))], exitCode);

    public Task<ProcessResult> RunAsync(ProcessSpec spec, ProcessCallbacks callbacks, CancellationToken ct)
    {
        Spec = spec;
        foreach (var line in output ?? [])
        {
            callbacks.OnLine?.Invoke(line);
        }

        return Task.FromResult(new ProcessResult { ExitCode = exitCode });
    }
}
