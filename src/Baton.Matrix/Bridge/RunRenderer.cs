using System.Collections.Concurrent;
using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;

namespace Baton.Matrix.Bridge;

/// <summary>
/// Turns a task room's run events into queued messages: one thread message per batch of detail lines (agent messages,
/// commands with exit codes, file changes, gates), edits of the status message (at most one per status interval, plus
/// the final one), and at the end a ✅/❌ reaction and the agent's final answer. Messages and the room's cursor are
/// stored in one transaction with deterministic transaction ids, so a crash neither loses nor doubles a message.
/// </summary>
public sealed class RunRenderer(IBatonStore store, MatrixConfig config, TimeProvider time)
{
    private const int Batch = 400;
    private readonly ConcurrentDictionary<string, RunTally> _tallies = new(StringComparer.Ordinal);

    /// <summary>Rooms whose status changed while edits were throttled: edited once the interval has passed.</summary>
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);

    /// <summary>Renders what is new for the room; returns the messages queued (0 when there was nothing to say).</summary>
    public async Task<int> RenderAsync(ChatRoom room, ChatRoom? control, CancellationToken ct)
    {
        if (room.TaskId is not { } taskId || room.StatusTxn is not { } statusTxn || await store.GetTaskAsync(taskId, ct) is not { } task)
        {
            return 0;
        }

        var runs = await store.ListRunsForTaskAsync(taskId, ct);
        var latest = runs.MaxBy(r => r.Number);
        if (latest is null)
        {
            return 0;
        }

        var run = room.RunId is { } current && current != latest.Id ? runs.FirstOrDefault(r => r.Id == current) ?? latest : latest;
        var events = await store.ReadEventsAsync(run.Id, room.Cursor, Batch, ct);
        if (events.Count == 0)
        {
            if (run.Id != latest.Id && run.State.IsTerminal())
            {
                // The shown run is done and fully rendered: move on to the task's next run.
                await store.SaveChatRoomAsync(room with { RunId = latest.Id, Cursor = 0 }, ct);
                return await RenderAsync(room with { RunId = latest.Id, Cursor = 0 }, control, ct);
            }

            return await StatusOnlyAsync(room, task, run, statusTxn, ct);
        }

        var tally = await TallyAsync(run.Id, room.Cursor, ct);
        foreach (var e in events)
        {
            tally.Add(e);
        }

        var last = events[^1].Seq;
        var messages = new List<OutboxMessage>();
        var lines = events.Select(DetailLine).OfType<string>().ToList();
        var parts = ChatContent.Split(ChatContent.Join(lines));
        for (var i = 0; i < parts.Count && lines.Count > 0; i++)
        {
            messages.Add(Message(room, $"d-{run.Id}-{last}-{i}", ChatContent.InThread(ChatContent.Notice(parts[i]), statusTxn)));
        }

        var finished = events.FirstOrDefault(e => e.Type == EventType.RunFinished);
        var now = time.GetUtcNow();
        var significant = finished is not null || events.Any(e => e.Type is EventType.StageStarted or EventType.StageFinished or EventType.RunState or EventType.GateFinished or EventType.AgentUsage);
        var due = room.StatusEditedAt is null || now - room.StatusEditedAt >= config.StatusInterval;
        if (significant && (due || finished is not null))
        {
            var fresh = await store.GetRunAsync(run.Id, ct) ?? run;
            if (finished is null && fresh.State.IsTerminal())
            {
                // The run ended but its end is in a later batch: say "running" here, so the final edit is said once.
                fresh = fresh with { State = RunState.Running, FinishedAt = null };
            }

            var text = StatusText.Of(await store.GetTaskAsync(taskId, ct) ?? task, fresh, tally, now);
            messages.Add(Message(room, $"{statusTxn}-e{room.StatusEdits + 1}", ChatContent.Edit(statusTxn, ChatContent.Notice(text))));
            room = room with { StatusEdits = room.StatusEdits + 1, StatusEditedAt = now };
            _held.TryRemove(room.RoomId, out _);
        }
        else if (significant)
        {
            _held[room.RoomId] = true;
        }

        if (events.Any(e => e.Type == EventType.RunStarted) && control is not null)
        {
            messages.Add(Message(control, $"c-{run.Id}-started", ChatContent.Notice($"task {task.Id} run {run.Number} started: {ChatContent.Line(task.Title, 120)}")));
        }

        if (finished is not null)
        {
            messages.AddRange(Ending(room, control, task, run, finished, tally));
        }

        await store.EnqueueChatAsync(messages, room with { RunId = run.Id, Cursor = last }, ct);
        return messages.Count;
    }

    /// <summary>A throttled status edit that was held back, once its interval has passed.</summary>
    private async Task<int> StatusOnlyAsync(ChatRoom room, TaskItem task, RunRecord run, string statusTxn, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_held.ContainsKey(room.RoomId) || (room.StatusEditedAt is { } at && now - at < config.StatusInterval))
        {
            return 0;
        }

        _held.TryRemove(room.RoomId, out _);
        var tally = await TallyAsync(run.Id, room.Cursor, ct);
        var text = StatusText.Of(task, run, tally, now);
        var edit = Message(room, $"{statusTxn}-e{room.StatusEdits + 1}", ChatContent.Edit(statusTxn, ChatContent.Notice(text)));
        await store.EnqueueChatAsync([edit], room with { StatusEdits = room.StatusEdits + 1, StatusEditedAt = now }, ct);
        return 1;
    }

    private static IEnumerable<OutboxMessage> Ending(ChatRoom room, ChatRoom? control, TaskItem task, RunRecord run, RunEvent finished, RunTally tally)
    {
        var succeeded = finished.Data["state"]?.GetValue<string>() == "succeeded";
        var answer = tally.LastAgentMessage ?? EventText.Describe(finished);
        var parts = ChatContent.Split(answer);
        for (var i = 0; i < parts.Count; i++)
        {
            yield return Message(room, $"a-{run.Id}-{i}", ChatContent.Notice(parts[i]));
        }

        // On the run's own answer (not the status message): a second run's mark must not be a duplicate annotation.
        yield return Message(room, $"r-{run.Id}", ChatContent.Reaction($"a-{run.Id}-0", succeeded ? "✅" : "❌"));

        if (control is not null)
        {
            yield return Message(control, $"c-{run.Id}-finished", ChatContent.Notice($"task {task.Id} run {run.Number}: {EventText.Describe(finished)}"));
        }
    }

    /// <summary>The run's tally up to <paramref name="cursor"/>, read once per process and then kept up to date.</summary>
    private async Task<RunTally> TallyAsync(string runId, long cursor, CancellationToken ct)
    {
        if (_tallies.TryGetValue(runId, out var known))
        {
            return known;
        }

        var tally = new RunTally();
        var after = 0L;
        while (after < cursor)
        {
            var page = await store.ReadEventsAsync(runId, after, 2000, ct);
            foreach (var e in page.Where(e => e.Seq <= cursor))
            {
                tally.Add(e);
            }

            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Seq;
        }

        return _tallies.GetOrAdd(runId, tally);
    }

    /// <summary>The detail line an event adds to the thread, or null for events only the status line or nobody needs.</summary>
    public static string? DetailLine(RunEvent e) => e.Type switch
    {
        EventType.StageStarted or EventType.StageFinished or EventType.StageRetry or EventType.AgentMessage or EventType.AgentCommand
            or EventType.AgentFileChange or EventType.AgentError or EventType.GateFinished or EventType.RecoveryAction
            or EventType.WorkspaceCommit or EventType.PolicyViolation or EventType.RunFinished or EventType.ReviewVerdict
            or EventType.ApprovalRequested
            => (e.Stage is null ? "" : $"[{e.Stage}] ") + EventText.Describe(e),
        EventType.TaskQueued or EventType.TaskState or EventType.RunStarted or EventType.RunState or EventType.RunHeartbeat
            or EventType.WorkspaceReady or EventType.AgentSession or EventType.AgentReasoning or EventType.AgentTool
            or EventType.AgentUsage or EventType.AgentRaw or EventType.GateStarted or EventType.ReviewDecision or EventType.ApprovalAnswered
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
