using Baton.Engine.Execution;

namespace Baton.Engine.Scheduling;

public sealed record QueueSummary(IReadOnlyList<RunOutcome> Runs, bool Interrupted, string? StoppedBecause)
{
    public int Succeeded => Runs.Count(r => r.Succeeded);

    public int Failed => Runs.Count(r => !r.Succeeded && r.State != Core.Model.RunState.NeedsInput);

    /// <summary>Runs parked for a person: not failed, and not the queue's to finish.</summary>
    public int Waiting => Runs.Count(r => r.State == Core.Model.RunState.NeedsInput);
}
