using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Events.Data;

namespace Baton.Agents.Cli;

/// <summary>
/// The answers a CLI conversation owes its CLI's requests: each decided off the reader thread (a person may take
/// minutes), actions in order with the first refusal winning, a file outside the workspace refused whatever the sink
/// says (the sandbox Baton promises), a failure to decide declined and said. Once the turn is over, decisions still
/// pending are cancelled and awaited, and nothing more is answered.
/// </summary>
internal sealed class ActionAnswers(string workspace) : IDisposable
{
    private readonly List<Task> _pending = [];
    private readonly CancellationTokenSource _ended = new();

    /// <summary>Decides <paramref name="actions"/> for the request <paramref name="what"/> names, then <paramref name="reply"/>s once.</summary>
    public void Answer(IAgentEventSink sink, IReadOnlyList<AgentAction> actions, string what, Action<ActionDecision> reply)
    {
        lock (_pending)
        {
            _pending.Add(DecideAsync(sink, actions, what, reply));
        }
    }

    public async Task EndAsync()
    {
        await _ended.CancelAsync();
        Task[] pending;
        lock (_pending)
        {
            pending = [.. _pending];
        }

        await Task.WhenAll(pending);
        Dispose();
    }

    public void Dispose() => _ended.Dispose();

    private async Task DecideAsync(IAgentEventSink sink, IReadOnlyList<AgentAction> actions, string what, Action<ActionDecision> reply)
    {
        var decision = ActionDecision.Allow;
        try
        {
            foreach (var action in actions)
            {
                decision = action.Kind == AgentActionKind.FileChange && !WorkspaceBounds.Contains(workspace, action.What)
                    ? Outside(sink, action.What)
                    : await sink.DecideAsync(action, _ended.Token);
                if (!decision.Allowed)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            return; // The turn is over: nobody is left to answer.
        }
        catch (Exception e)
        {
            sink.Emit(AgentData.Warning($"Baton could not decide {what}, so it declined it: {e}"));
            decision = ActionDecision.Decline("Baton could not decide this request; it was declined.");
        }

        reply(decision);
    }

    private ActionDecision Outside(IAgentEventSink sink, string path)
    {
        var reason = $"`{path}` is outside the task's workspace {workspace}";
        sink.Emit(new PolicyViolationData { Path = path, Reason = reason, Action = "refused" });
        return ActionDecision.Decline($"Refused by Baton: {reason}; change files only inside the workspace.");
    }
}
