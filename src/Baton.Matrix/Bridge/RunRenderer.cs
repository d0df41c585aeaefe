using System.Collections.Concurrent;
using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;

namespace Baton.Matrix.Bridge;

/// <summary>
/// Turns a task's events, read from the feed after the room's cursor (a feed position), into queued messages: one
/// thread message per batch of detail lines (agent messages, commands with exit codes, file changes, gates), edits of
/// the status message (at most one per status interval, plus the final one), and at the end of each run a ✅/❌ reaction
/// and the agent's final answer. The status is folded from the events (<see cref="TaskView"/>), never read from tables.
/// Messages and the room's cursor are stored in one transaction with deterministic transaction ids, so a crash neither
/// loses nor doubles a message.
/// </summary>
public sealed class RunRenderer(IBatonStore store, MatrixConfig config, TimeProvider time)
{
    private const int Batch = 400;
    private readonly ConcurrentDictionary<string, TaskView> _views = new(StringComparer.Ordinal);

    /// <summary>Rooms whose status changed while edits were throttled: edited once the interval has passed.</summary>
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);

    /// <summary>The task as far as it was rendered (null before its room was first rendered in this process).</summary>
    public TaskView? ViewOf(string taskId) => _views.GetValueOrDefault(taskId);

    /// <summary>Renders what is new for the room; returns the messages queued (0 when there was nothing to say).</summary>
    public async Task<int> RenderAsync(ChatRoom room, ChatRoom? control, CancellationToken ct)
    {
        if (room.TaskId is not { } taskId || room.StatusTxn is not { } statusTxn)
        {
            return 0;
        }

        var view = await ViewAsync(taskId, room.Cursor, ct);
        var events = await store.ReadFeedAsync(new FeedQuery(room.Cursor, TaskId: taskId), Batch, ct);
        if (events.Count == 0)
        {
            return await StatusOnlyAsync(room, view, statusTxn, ct);
        }

        var messages = new List<OutboxMessage>();
        var after = new List<OutboxMessage>();
        var last = events[^1].Position;
        var lines = events.Select(DetailLine).OfType<string>().ToList();
        var parts = ChatContent.Split(ChatContent.Join(lines));
        for (var i = 0; i < parts.Count && lines.Count > 0; i++)
        {
            messages.Add(Message(room, $"d-{taskId}-{last}-{i}", ChatContent.InThread(ChatContent.Notice(parts[i]), statusTxn)));
        }

        var significant = false;
        var ended = false;
        foreach (var e in events)
        {
            if (e.Type == EventType.RunFinished)
            {
                // The answer is the run's last agent message, so it is taken before the next run's events reset it.
                after.AddRange(Ending(room, control, view, e));
                ended = true;
            }

            view.Add(e);
            significant |= e.Type is EventType.StageStarted or EventType.StageFinished or EventType.RunState or EventType.RunStarted
                or EventType.RunFinished or EventType.GateFinished or EventType.AgentUsage or EventType.TaskState;
            if (e.Data is ApprovalRequestedData { Id: { } questionId } asked && e.RunId is { } waitingRun)
            {
                after.AddRange(Question(room, control, view, waitingRun, questionId, asked));
            }

            if (e.Type == EventType.RunStarted && control is not null && e.RunId is { } runId)
            {
                after.Add(Message(control, $"c-{runId}-started", ChatContent.Notice($"task {taskId} run {view.RunNumber} started: {ChatContent.Line(view.Title, 120)}")));
            }
        }

        var now = time.GetUtcNow();
        var due = room.StatusEditedAt is null || now - room.StatusEditedAt >= config.StatusInterval;
        if (significant && (due || ended))
        {
            messages.Add(Message(room, $"{statusTxn}-e{room.StatusEdits + 1}", ChatContent.Edit(statusTxn, ChatContent.Notice(StatusText.Of(view, now)))));
            room = room with { StatusEdits = room.StatusEdits + 1, StatusEditedAt = now };
            _held.TryRemove(room.RoomId, out _);
        }
        else if (significant)
        {
            _held[room.RoomId] = true;
        }

        messages.AddRange(after);
        await store.EnqueueChatAsync(messages, room with { RunId = view.RunId, Cursor = last }, ct);
        return messages.Count;
    }

    /// <summary>A throttled status edit that was held back, once its interval has passed.</summary>
    private async Task<int> StatusOnlyAsync(ChatRoom room, TaskView view, string statusTxn, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_held.ContainsKey(room.RoomId) || (room.StatusEditedAt is { } at && now - at < config.StatusInterval))
        {
            return 0;
        }

        _held.TryRemove(room.RoomId, out _);
        var edit = Message(room, $"{statusTxn}-e{room.StatusEdits + 1}", ChatContent.Edit(statusTxn, ChatContent.Notice(StatusText.Of(view, now))));
        await store.EnqueueChatAsync([edit], room with { StatusEdits = room.StatusEdits + 1, StatusEditedAt = now }, ct);
        return 1;
    }

    /// <summary>The transaction id of the message that puts a run's question to people (reactions on it answer it).</summary>
    public static string QuestionTxn(string runId, string questionId) => $"q-{runId}-{questionId}";

    /// <summary>A question a run waits on: a message in the task room mentioning the allowed users, and a notice in the control room.</summary>
    private IEnumerable<OutboxMessage> Question(ChatRoom room, ChatRoom? control, TaskView view, string runId, string questionId, ApprovalRequestedData asked)
    {
        var how = asked.Kind == "escalation"
            ? "Reply with guidance (or !answer …), !approve to go on as it is, or !deny <why> to end the task."
            : "React 👍 or 👎, or write !approve / !deny <why>.";
        yield return Message(room, QuestionTxn(runId, questionId), ChatContent.Mention($"❓ {asked.Reason}\n{how}", config.AllowedUsers));
        if (control is not null)
        {
            yield return Message(control, $"c-{runId}-{questionId}", ChatContent.Notice($"task {view.TaskId} run {view.RunNumber} waits for a person: {ChatContent.Line(asked.Reason, 300)}"));
        }
    }

    private static IEnumerable<OutboxMessage> Ending(ChatRoom room, ChatRoom? control, TaskView view, RunEvent finished)
    {
        var runId = finished.RunId!;
        var succeeded = finished.Data is RunFinishedData { State: RunState.Succeeded };
        var answer = view.RunId == runId && view.LastAgentMessage is { } last ? last : EventText.Describe(finished);
        var parts = ChatContent.Split(answer);
        for (var i = 0; i < parts.Count; i++)
        {
            yield return Message(room, $"a-{runId}-{i}", ChatContent.Notice(parts[i]));
        }

        // On the run's own answer (not the status message): a second run's mark must not be a duplicate annotation.
        yield return Message(room, $"r-{runId}", ChatContent.Reaction($"a-{runId}-0", succeeded ? "✅" : "❌"));

        if (control is not null)
        {
            yield return Message(control, $"c-{runId}-finished", ChatContent.Notice($"task {view.TaskId} run {view.RunNumber}: {EventText.Describe(finished)}"));
        }
    }

    /// <summary>The task's view up to <paramref name="cursor"/>, folded from the feed once per process and then kept up to date.</summary>
    private async Task<TaskView> ViewAsync(string taskId, long cursor, CancellationToken ct)
    {
        if (_views.TryGetValue(taskId, out var known) && known.Position >= cursor)
        {
            return known;
        }

        var view = await FoldAsync(store, taskId, cursor, ct);
        _views[taskId] = view;
        return view;
    }

    /// <summary>A task's view from its events up to position <paramref name="upTo"/> (bounded pages of the feed).</summary>
    public static async Task<TaskView> FoldAsync(IEventStore events, string taskId, long upTo, CancellationToken ct)
    {
        var view = new TaskView(taskId);
        var after = 0L;
        while (after < upTo)
        {
            var page = await events.ReadFeedAsync(new FeedQuery(after, TaskId: taskId), 2000, ct);
            foreach (var e in page.Where(e => e.Position <= upTo))
            {
                view.Add(e);
            }

            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Position;
        }

        return view;
    }

    /// <summary>The detail line an event adds to the thread, or null for events only the status line or nobody needs.</summary>
    public static string? DetailLine(RunEvent e) => e.Type switch
    {
        EventType.StageStarted or EventType.StageFinished or EventType.StageRetry or EventType.AgentMessage or EventType.AgentCommand
            or EventType.AgentFileChange or EventType.AgentError or EventType.GateFinished or EventType.RecoveryAction
            or EventType.WorkspaceCommit or EventType.WorkspacePushed or EventType.PolicyViolation or EventType.RunFinished or EventType.ReviewVerdict
            or EventType.ApprovalRequested or EventType.ApprovalAnswered or EventType.ReviewDecision
            or EventType.BudgetWarning or EventType.BudgetExceeded or EventType.LimitExceeded or EventType.LeaseLost
            => (e.Stage is null ? "" : $"[{e.Stage}] ") + EventText.Describe(e),
        EventType.TaskQueued or EventType.TaskState or EventType.RunStarted or EventType.RunState or EventType.RunHeartbeat
            or EventType.WorkspaceReady or EventType.AgentSession or EventType.AgentReasoning or EventType.AgentTool
            or EventType.AgentUsage or EventType.AgentRaw or EventType.GateStarted
            or EventType.SyncAttempt or EventType.PolicyConfirm or EventType.LeaseAcquired
            => null,
    };

    private static OutboxMessage Message(ChatRoom room, string txn, System.Text.Json.Nodes.JsonObject content) => new()
    {
        RoomId = room.RoomId,
        TxnId = txn,
        EventType = content["m.relates_to"]?["rel_type"]?.GetValue<string>() == "m.annotation" ? "m.reaction" : "m.room.message",
        Content = content,
    };
}
