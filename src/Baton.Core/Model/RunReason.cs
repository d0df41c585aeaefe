namespace Baton.Core.Model;

/// <summary>Why a run ended (or paused). Every terminal run carries one.</summary>
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
    InternalError,
}
