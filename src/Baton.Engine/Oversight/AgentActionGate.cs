using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Engine.Oversight;

/// <summary>
/// The policy over one agent turn. Before an action runs (for CLIs that ask first): a blocked command is refused with
/// the reason the agent is told, a command to confirm is put to a person while the agent waits, and a watched one runs
/// and is flagged (a file change outside the workspace the adapter refuses itself: it is the sandbox it promises). After the fact (every command an agent
/// reports, for CLIs that cannot ask or commands a CLI ran without asking): a command the policy forbids — blocked, or
/// one to confirm that nobody was asked about — stops the run, unless the CLI reports it declined (a CLI that keeps the
/// policy in its own rules, <see cref="AgentConfig.RefusesItself"/>, refused it: nothing ran, and the run goes on). A push beyond the task's own branch on the project's
/// remote (<see cref="PushRule"/>) is refused or stops the run the same way. Each is a <c>policy.*</c> event.
/// </summary>
public sealed class AgentActionGate(EngineServices services, RunContext ctx, string stage, AgentConfig? agent)
{
    private readonly HashSet<string> _decided = new(StringComparer.Ordinal);
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private PolicyConfig Policy => services.Config.Policy;

    public async Task<ActionDecision> DecideAsync(AgentAction action, CancellationToken ct) => action.Kind switch
    {
        AgentActionKind.Command => await CommandAsync(action.What, ct),
        _ => ActionDecision.Allow,
    };

    /// <summary>Checks a command the agent reports; true when it broke the policy and the run must stop.</summary>
    public bool Violates(AgentCommandData command)
    {
        if (command.Command is not { Length: > 0 } text)
        {
            return false;
        }

        // A CLI that asks first reports a command as started before it asks: judge it once it has run (or been refused).
        var asks = agent?.AsksFirst == true;
        var running = command.Status is "started" or "in_progress";
        if (asks && running)
        {
            return false;
        }

        var push = PushRule.Violation(text, ctx.Run.Branch);
        var decision = push is null ? CommandPolicy.Decide(text, Policy) : CommandDecision.Allowed;

        // A CLI that holds the policy in its own rules reports a command as started before those rules refuse it: wait
        // for its answer. (Its rules do not know the push rule, so a push is judged at once.)
        if (running && push is null && decision.Verdict != CommandVerdict.Allowed && agent?.RefusesItself == true)
        {
            return false;
        }

        lock (_gate)
        {
            if ((asks && _decided.Contains(text)) || !_checked.Add(command.Id ?? text))
            {
                return false;
            }
        }

        if (command.Status == "declined" && (push ?? (decision.Verdict == CommandVerdict.Allowed ? null : decision.Reason)) is { } forbidden)
        {
            // The CLI refused it itself (its own rules, or a sandbox): nothing ran, the agent was told, the run goes on.
            ctx.Journal.Emit(stage, new PolicyViolationData { Command = text, Reason = $"{forbidden}; agent `{agent?.Name}`'s CLI refused it itself", Action = "refused" });
            return false;
        }

        if (push is not null)
        {
            Stop(text, $"agent `{agent?.Name}` ran {push}");
            return true;
        }

        switch (decision.Verdict)
        {
            case CommandVerdict.Blocked:
                Stop(text, $"agent `{agent?.Name}` ran {decision.Reason}");
                return true;
            case CommandVerdict.Confirm:
                Stop(text, $"agent `{agent?.Name}` ran `{text}` without a person's yes: `{decision.Pattern}` is in policy.confirm_commands, " +
                    (agent?.AsksFirst == true ? "and its CLI did not ask" : "and this agent cannot ask first (see `baton doctor`)"));
                return true;
            default:
                Flag(text, decision);
                return false;
        }
    }

    private async Task<ActionDecision> CommandAsync(string command, CancellationToken ct)
    {
        lock (_gate)
        {
            _decided.Add(command);
        }

        if (PushRule.Violation(command, ctx.Run.Branch) is { } push)
        {
            ctx.Journal.Emit(stage, new PolicyViolationData { Command = command, Reason = push, Action = "refused" });
            return ActionDecision.Decline($"Refused by Baton: {push}.");
        }

        var decision = CommandPolicy.Decide(command, Policy);
        Flag(command, decision);
        switch (decision.Verdict)
        {
            case CommandVerdict.Blocked:
                ctx.Journal.Emit(stage, new PolicyViolationData { Command = command, Reason = decision.Reason!, Action = "refused" });
                return ActionDecision.Decline($"Refused by Baton: {decision.Reason}. Do not run it, and do not try to reach the same end another way.");
            case CommandVerdict.Confirm:
                var answer = await new CommandConfirmation(services, ctx, stage).AskAsync(command, decision, ct);
                return answer.Answer == ApprovalAnswer.Approved
                    ? ActionDecision.Allow
                    : ActionDecision.Decline($"Declined: {(answer.AnsweredBy == "baton" ? "nobody said yes" : $"{answer.AnsweredBy} said no")} to `{command}`{(answer.Note is { Length: > 0 } note ? $" ({note})" : "")}. Do not run it.");
            default:
                return ActionDecision.Allow;
        }
    }

    private void Flag(string command, CommandDecision decision)
    {
        if (decision is { Verdict: CommandVerdict.Allowed, Watched: not null })
        {
            ctx.Journal.Emit(stage, new PolicyViolationData { Command = command, Reason = decision.Reason!, Action = "flagged" });
        }
    }

    private void Stop(string command, string reason)
    {
        ctx.Journal.Emit(stage, new PolicyViolationData { Command = command, Reason = reason, Action = "stopped" });
        ctx.Cancellation.Cancel(CancelCause.Policy, reason);
    }
}
