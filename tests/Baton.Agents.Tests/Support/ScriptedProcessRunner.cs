using Baton.Core.Ports;
using Baton.Core.Processes;

namespace Baton.Agents.Tests.Support;

/// <summary>Stands in for a CLI: records the spec it was asked to run and what it was sent on stdin, and replays the given output lines and exit code.</summary>
public sealed class ScriptedProcessRunner(IEnumerable<string>? stdout = null, int exitCode = 0, IEnumerable<string>? stderr = null) : IProcessRunner
{
    private readonly StringWriter _stdin = new();

    public ProcessSpec? Spec { get; private set; }

    /// <summary>What the adapter wrote to the CLI's stdin, for a CLI driven over a protocol there.</summary>
    public string[] StdinLines => _stdin.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, ProcessCallbacks callbacks, CancellationToken ct)
    {
        Spec = spec;
        if (callbacks.OnStarted is { } started)
        {
            await started(new ProcessGroup(1, 1));
        }

        spec.Input?.Attach(_stdin);

        foreach (var line in stdout ?? [])
        {
            callbacks.OnLine?.Invoke(new OutputLine(false, line));
        }

        foreach (var line in stderr ?? [])
        {
            callbacks.OnLine?.Invoke(new OutputLine(true, line));
        }

        return new ProcessResult { ExitCode = exitCode };
    }
}
