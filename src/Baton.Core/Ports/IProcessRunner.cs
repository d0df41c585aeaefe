using Baton.Core.Processes;

namespace Baton.Core.Ports;

public interface IProcessRunner
{
    /// <summary>
    /// Runs a process to the end. Timeout and cancellation end the whole process group (TERM, then KILL after the grace
    /// period) and are reported in the result rather than thrown. Throws only when the process cannot be started.
    /// </summary>
    Task<ProcessResult> RunAsync(ProcessSpec spec, ProcessCallbacks callbacks, CancellationToken ct);
}
