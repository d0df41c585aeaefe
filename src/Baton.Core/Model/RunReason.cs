namespace Baton.Core.Model;

/// <summary>Why a run ended (or paused). Every terminal run carries one.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<RunReason>))]
public enum RunReason
{
    GatesPassed,
    GateFailed,
    AgentFailed,
    StageFailed,
    BootstrapFailed,
    WorkspaceFailed,
    Timeout,
    Stopped,
    Interrupted,
    Lost,
    ReviewBlocked,
    ApprovalDenied,
    /// <summary>The task's token or cost budget ran out (oversight).</summary>
    BudgetExceeded,
    /// <summary>An agent ran a command the policy forbids (seen after the fact, from a CLI that did not ask first or refuse it itself).</summary>
    PolicyViolation,
    /// <summary>A policy limit (memory, processes) was exceeded (oversight).</summary>
    LimitExceeded,
    /// <summary>Baton stopped and handed the run to a person (e.g. an agent reached outside its workspace).</summary>
    Escalated,
    /// <summary>Parked (<c>needs_input</c>): a person must answer a question before the run goes on.</summary>
    WaitingForPerson,
    InternalError,
}
