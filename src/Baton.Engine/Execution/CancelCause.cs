namespace Baton.Engine.Execution;

/// <summary>Why a run's work was cancelled; decides whether the run ends stopped, timed out, or stays resumable.</summary>
public enum CancelCause
{
    None,
    /// <summary>Someone asked to stop the run: it ends <c>stopped</c>.</summary>
    Stop,
    /// <summary>Baton itself is shutting down (Ctrl-C, SIGTERM): the run stays <c>interrupted</c> and resumable.</summary>
    Interrupt,
    /// <summary>The run took longer than the policy allows.</summary>
    Timeout,
    /// <summary>The task spent its budget: the run ends <c>budget_exceeded</c>.</summary>
    Budget,
    /// <summary>An agent ran what the policy forbids: the run ends <c>policy_violation</c>.</summary>
    Policy,
    /// <summary>The run's processes went over a <c>policy.limits</c> limit: the run ends <c>limit_exceeded</c>.</summary>
    Limit,
    /// <summary>
    /// This node lost the run to another (its lease expired, or another node took it): its processes end and it writes
    /// nothing more, since the run is someone else's now.
    /// </summary>
    LeaseLost,
    /// <summary>A person must judge the run now (a stalled stage's reviewers found a blocker): its work stops and it parks.</summary>
    Park,
}
