using Baton.Engine.Execution;

namespace Baton.Engine.Scheduling;

public sealed record QueueSummary(IReadOnlyList<RunOutcome> Runs, bool Interrupted, string? StoppedBecause)
{
    public int Succeeded => Runs.Count(r => r.Succeeded);

    public int Failed => Runs.Count(r => !r.Succeeded);
}
