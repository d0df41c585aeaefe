using Baton.Core.Ports;
using Baton.Core.Processes;

namespace Baton.Agents.Tests.Support;

/// <summary>Stands in for a CLI: records the spec it was asked to run and replays the given output lines and exit code.</summary>
public sealed class ScriptedProcessRunner(IEnumerable<string>? stdout = null, int exitCode = 0, IEnumerable<string>? stderr = null) : IProcessRunner
{
    public ProcessSpec? Spec { get; private set; }

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, ProcessCallbacks callbacks, CancellationToken ct)
    {
        Spec = spec;
        if (callbacks.OnStarted is { } started)
        {
            await started(new ProcessGroup(1, 1));
        }

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
