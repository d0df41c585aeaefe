using Baton.Core.Agents;

namespace Baton.Engine.Agents;

/// <summary>
/// Maps a failed turn's signature to a recovery action (seed 002's error recovery): each known failure is tried a
/// bounded number of times, then handed to the next agent, then given up on.
/// </summary>
public static class RecoveryPolicy
{
    public const int RateLimitRetries = 2;

    public static RecoveryAction Decide(AgentFailureKind failure, int earlierOfSameKind, bool hasNextAgent) => failure switch
    {
        AgentFailureKind.RateLimited when earlierOfSameKind < RateLimitRetries => RecoveryAction.Retry,
        AgentFailureKind.StaleSession when earlierOfSameKind < 1 => RecoveryAction.FreshSession,
        AgentFailureKind.UntrustedDirectory when earlierOfSameKind < 1 => RecoveryAction.Relaunch,
        AgentFailureKind.PathOutsideWorkspace => RecoveryAction.Escalate,
        AgentFailureKind.CliMissing or AgentFailureKind.AuthFailed or AgentFailureKind.RateLimited when hasNextAgent => RecoveryAction.FallBack,
        AgentFailureKind.None or AgentFailureKind.Unknown or AgentFailureKind.UntrustedDirectory or AgentFailureKind.AuthFailed
            or AgentFailureKind.RateLimited or AgentFailureKind.StaleSession or AgentFailureKind.CliMissing
            or AgentFailureKind.TimedOut or AgentFailureKind.Stopped => RecoveryAction.GiveUp,
    };
}
