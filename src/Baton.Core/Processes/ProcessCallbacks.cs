namespace Baton.Core.Processes;

/// <summary>
/// Hooks a caller gets while a process runs. <see cref="OnStarted"/> runs before any output is read, so the
/// caller can record the process group durably before anything else can happen.
/// </summary>
public sealed record ProcessCallbacks
{
    public Func<ProcessGroup, Task>? OnStarted { get; init; }
    /// <summary>Called once the process has been let run (after <see cref="OnStarted"/>); must return at once.</summary>
    public Action? OnRunning { get; init; }
    public Func<ProcessGroup, Task>? OnExited { get; init; }
    /// <summary>Called for each line, in order per stream. Must not block for long.</summary>
    public Action<OutputLine>? OnLine { get; init; }
}
