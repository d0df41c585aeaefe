using Baton.Core.Agents;
using Baton.Core.Config;

namespace Baton.Engine.Agents;

/// <summary>
/// Maps a failed turn's signature to a recovery action (seed 002's error recovery): each known failure is tried a
/// bounded number of times, then handed to the next agent of the stage's role, then given up on or put to a person.
/// The project's own classifiers (<c>recovery.classify</c>) are asked first.
/// </summary>
public static class RecoveryPolicy
{
    /// <summary>
    /// The failure as the project classifies it: the first <c>recovery.classify</c> rule matching the turn's exit code
    /// and output decides; otherwise the adapter's signature stands. A timeout, a stop or a missing CLI is never reclassified.
    /// </summary>
    public static AgentFailureKind Classify(RecoveryConfig recovery, AgentTurnResult result)
    {
        if (result.Succeeded || result.TimedOut || result.Cancelled
            || result.Failure is AgentFailureKind.TimedOut or AgentFailureKind.Stopped or AgentFailureKind.CliMissing
            || recovery.Classify.Count == 0)
        {
            return result.Failure;
        }

        var output = $"{result.Error}\n{result.OutputTail}";
        foreach (var rule in recovery.Classify)
        {
            if (rule.Matches(result.ExitCode, output))
            {
                return rule.As switch
                {
                    FailureClass.Transient => AgentFailureKind.Transient,
                    FailureClass.Hard => AgentFailureKind.Hard,
                    FailureClass.Escalate => AgentFailureKind.NeedsPerson,
                    _ => result.Failure,
                };
            }
        }

        return result.Failure;
    }

    /// <param name="canCorrect">Whether the agent's adapter launches differently after this failure (<see cref="Core.Ports.IAgentAdapter.CorrectionFor"/>): a relaunch with the same flags would fail the same way.</param>
    public static RecoveryAction Decide(AgentFailureKind failure, int earlierOfSameKind, bool hasNextAgent, int retries = RecoveryConfig.DefaultRetries, bool canCorrect = true) => failure switch
    {
        AgentFailureKind.RateLimited or AgentFailureKind.Transient when earlierOfSameKind < retries => RecoveryAction.Retry,
        AgentFailureKind.StaleSession when earlierOfSameKind < 1 => RecoveryAction.FreshSession,
        AgentFailureKind.UntrustedDirectory when earlierOfSameKind < 1 && canCorrect => RecoveryAction.Relaunch,
        AgentFailureKind.PathOutsideWorkspace or AgentFailureKind.NeedsPerson => RecoveryAction.Escalate,
        AgentFailureKind.CliMissing or AgentFailureKind.AuthFailed or AgentFailureKind.RateLimited or AgentFailureKind.Transient
            or AgentFailureKind.Hard or AgentFailureKind.UntrustedDirectory when hasNextAgent => RecoveryAction.FallBack,
        AgentFailureKind.None or AgentFailureKind.Unknown or AgentFailureKind.UntrustedDirectory or AgentFailureKind.AuthFailed
            or AgentFailureKind.RateLimited or AgentFailureKind.StaleSession or AgentFailureKind.CliMissing
            or AgentFailureKind.TimedOut or AgentFailureKind.Stopped or AgentFailureKind.Transient or AgentFailureKind.Hard => RecoveryAction.GiveUp,
    };
}
