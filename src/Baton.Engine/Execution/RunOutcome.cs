using Baton.Core.Model;

namespace Baton.Engine.Execution;

/// <summary>How a run ended, as the caller (a CLI verb, the scheduler) needs to know it.</summary>
public sealed record RunOutcome(string TaskId, string RunId, RunState State, RunReason Reason, string? Message)
{
    public bool Succeeded => State == RunState.Succeeded;
}
