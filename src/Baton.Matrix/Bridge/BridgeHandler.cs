using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Core.Application;
using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Tasks;
using Baton.Matrix.Client;
using Baton.Matrix.Sync;

namespace Baton.Matrix.Bridge;

/// <summary>
/// What people say to Baton: a lobby message becomes a task with its own room; commands in a task room steer that task;
/// <c>!task {json}</c> in the control room queues a task. Only allowed users are obeyed; others get one short refusal per
/// room. Baton's own events, notices and edits are ignored. Each event's effects are idempotent and it is marked handled
/// after them, so a restart at any point neither loses nor repeats one.
/// </summary>
public sealed class BridgeHandler(
    IBatonStore store, ITaskDesk desk, ITaskRoomOpener rooms, MatrixConfig config, TimeProvider time, Action wakeSender) : ISyncHandler
{
    /// <summary>Called with a line for the service log (refusals, odd input).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called with a task room's id after a command there (so the renderer looks at it again at once).</summary>
    public Action<string>? Touched { get; init; }

    /// <summary>Raised when a lobby message has become a task with a room (the benchmark times this).</summary>
    public event Action<string, string>? TaskRoomOpened;

    public async Task HandleEventAsync(MatrixEvent evt, CancellationToken ct)
    {
        if (evt.Sender != config.UserId && await store.GetChatRoomAsync(evt.RoomId, ct) is { } room)
        {
            try
            {
                await RouteAsync(room, evt, ct);
            }
            catch (DeskException ex)
            {
                // The request was refused (an unknown project, a task that is gone): say so where it was asked.
                var text = string.Join("; ", ex.Problems.Prepend(ex.Message));
                Log?.Invoke($"matrix: {evt.EventId} from {evt.Sender} refused: {text}");
                await ReplyAsync(room, evt, "That didn't work: " + text, ct);
            }
        }

        await store.MarkChatEventHandledAsync(evt.EventId, time.GetUtcNow(), ct);
    }

    /// <summary>Invites are not acted on: Baton joins only the rooms it manages or is configured with.</summary>
    public Task HandleInviteAsync(RoomInvite invite, CancellationToken ct) => Task.CompletedTask;

    private async Task RouteAsync(ChatRoom room, MatrixEvent evt, CancellationToken ct)
    {
        if (evt.Type is "m.room.encrypted" or "m.room.encryption")
        {
            await OnceAsync($"encrypted:{room.RoomId}", room, "This room is encrypted; Baton can't read encrypted messages yet. Use an unencrypted room.", evt, ct);
            return;
        }

        if (evt.Type == "m.reaction" && room.Kind == ChatRoomKind.Task && room.TaskId is { } reactedTask)
        {
            if (config.AllowedUsers.Contains(evt.Sender))
            {
                await ReactionAsync(room, reactedTask, evt, ct);
            }
            else
            {
                Log?.Invoke($"ignored a reaction from {evt.Sender} in {room.RoomId}: not in matrix.allowed_users");
            }

            return;
        }

        if (evt.Type != "m.room.message" || evt.MsgType != "m.text" || evt.RelType == "m.replace")
        {
            return;
        }

        if (!config.AllowedUsers.Contains(evt.Sender))
        {
            Log?.Invoke($"ignored a message from {evt.Sender} in {room.RoomId}: not in matrix.allowed_users");
            await OnceAsync($"refused:{room.RoomId}:{evt.Sender}", room, $"Sorry {evt.Sender}, I only take instructions from the people configured to use me.", evt, ct);
            return;
        }

        var command = ChatCommand.Parse(evt.Body);
        switch (room.Kind)
        {
            case ChatRoomKind.Lobby when command is null:
                var prompt = evt.Body.Trim();
                var submitted = await desk.SubmitAsync(new TaskDraft
                {
                    ExternalKey = "matrix:" + evt.EventId,
                    Title = TaskTitles.FromPrompt(prompt, null),
                    Prompt = prompt,
                    Project = string.IsNullOrEmpty(room.Project) ? null : room.Project,
                    Requester = evt.Sender,
                }, FromChat, Actor.Matrix(evt.Sender), ct);
                await OpenTaskAsync(room, submitted.Task, evt, ct);
                break;
            case ChatRoomKind.Lobby or ChatRoomKind.Control when command is { Verb: "help" }:
                await ReplyAsync(room, evt, room.Kind == ChatRoomKind.Lobby
                    ? "Write what you want done and I'll open a room for it. Commands work inside task rooms."
                    : "!task {json} queues a task, e.g. !task {\"title\": \"fix the build\", \"prompt\": \"make dotnet build pass\"}.", ct);
                break;
            case ChatRoomKind.Lobby:
                await ReplyAsync(room, evt, "Commands work inside task rooms; here, write what you want done. (!help)", ct);
                break;
            case ChatRoomKind.Control when command is { Verb: "task" }:
                await TaskJsonAsync(room, evt, command.Argument, ct);
                break;
            case ChatRoomKind.Control:
                break;
            case ChatRoomKind.Task when room.TaskId is { } reviewed && command is { Verb: "review" }:
                await ReviewAsync(room, reviewed, evt, ct);
                break;
            case ChatRoomKind.Task when room.TaskId is { } taskId:
                command ??= await WaitingQuestionAsync(taskId, ct) is { Kind: ApprovalKind.Escalation }
                    ? new ChatCommand("answer", evt.Body.Trim())   // while an escalation waits, what people write answers it
                    : new ChatCommand("run", evt.Body.Trim());
                await ReplyAsync(room, evt, await TaskCommandAsync(taskId, command, evt.Sender, ct), ct);
                Touched?.Invoke(room.RoomId);
                break;
            case ChatRoomKind.Task or ChatRoomKind.Workspace or ChatRoomKind.Project:
                break;
        }
    }

    private static readonly SubmitOptions FromChat = new() { Source = TaskSource.Matrix };

    /// <summary>A command in a task room, as the desk's operation; the answer is a sentence for the room.</summary>
    private async Task<string> TaskCommandAsync(string taskId, ChatCommand command, string sender, CancellationToken ct)
    {
        var by = Actor.Matrix(sender);
        switch (command.Verb)
        {
            case "run" when command.Argument.Length == 0:
                return "Say what to do: !run <prompt>.";
            case "run":
                await desk.ContinueAsync(taskId, command.Argument, by, ct);
                return "Another turn is queued in this room's session.";
            case "new":
                await desk.NewSessionAsync(taskId, by, ct);
                return "The next turn starts a fresh agent session (the workspace and branch stay).";
            case "stop":
                return await desk.StopTaskAsync(taskId, by, TimeSpan.Zero, ct) is { } stop
                    ? $"Stopping run {stop.Run.Number}…"
                    : "Nothing is running in this task.";
            case "retry":
                await desk.RetryAsync(taskId, Placement.Queue, by, ct);
                return "The task is queued to run again.";
            case "status":
                return await StatusAsync(taskId, ct);
            case "help":
                return ChatCommand.Help;
            case "answer":
                return await LatestRunAsync(taskId, ct) is { } asked
                    ? await AnswerAsync(() => desk.AnswerAsync(asked.Id, command.Argument, by, ct), $"Thanks {by.Name}: run {asked.Number} goes back to the builder with your answer.")
                    : "Nothing is waiting for an answer in this task.";
            case "approve" or "deny":
                return await LatestRunAsync(taskId, ct) is { } run
                    ? command.Verb == "approve"
                        ? await DecideAsync(() => desk.ApproveAsync(run.Id, null, by, ct), by, run)
                        : await DecideAsync(() => desk.DenyAsync(run.Id, null, command.Argument.Length == 0 ? null : command.Argument, by, ct), by, run)
                    : "Nothing is waiting for approval in this task.";
            default:
                return $"I don't know !{command.Verb}. {ChatCommand.Help}";
        }
    }

    /// <summary>
    /// <c>!review</c>: the reviewers work for minutes, so they are asked in the background (the sync loop goes on); their
    /// verdicts reach the room's thread through the feed like every event. A refusal or failure is said in the room.
    /// </summary>
    private async Task ReviewAsync(ChatRoom room, string taskId, MatrixEvent evt, CancellationToken ct)
    {
        if (await LatestRunAsync(taskId, ct) is not { } run)
        {
            await ReplyAsync(room, evt, "This task has no run to review yet.", ct);
            return;
        }

        await ReplyAsync(room, evt, "Asking the reviewers; their verdicts appear in this room's thread as they come.", ct);
        var by = Actor.Matrix(evt.Sender);
        _ = Task.Run(async () =>
        {
            try
            {
                await desk.RequestReviewAsync(run.Id, by, ct);
                Touched?.Invoke(room.RoomId);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Baton is stopping; the reviewers' processes were ended with it.
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log?.Invoke($"matrix: the review of run {run.Id} asked by {evt.Sender} failed: {ex}");
                await ReplyAsync(room, evt, "The review didn't work: " + ex.Message, CancellationToken.None, "-failed");
            }
        }, CancellationToken.None);
    }

    /// <summary>A 👍 or 👎 on the message that put a run's question: approves or denies exactly that question.</summary>
    private async Task ReactionAsync(ChatRoom room, string taskId, MatrixEvent evt, CancellationToken ct)
    {
        var key = evt.ReactionKey?.Replace("\uFE0F", "", StringComparison.Ordinal);
        var approve = key is "👍" or "+1" or "✅";
        if (!approve && key is not ("👎" or "-1" or "❌") || evt.RelatesTo is not { } target || await LatestRunAsync(taskId, ct) is not { } run)
        {
            return;
        }

        foreach (var question in (await store.ListApprovalsAsync(run.Id, ct)).Where(a => a.IsPending))
        {
            if (await store.SentChatEventIdAsync(RunRenderer.QuestionTxn(run.Id, question.Id), ct) != target)
            {
                continue;
            }

            var by = Actor.Matrix(evt.Sender);
            var said = approve
                ? await DecideAsync(() => desk.ApproveAsync(run.Id, question.Id, by, ct), by, run)
                : await DecideAsync(() => desk.DenyAsync(run.Id, question.Id, $"{key} in Matrix", by, ct), by, run);
            await ReplyAsync(room, evt, said, ct);
            Touched?.Invoke(room.RoomId);
            return;
        }
    }

    /// <summary>The question the task's latest run waits on, if any.</summary>
    private async Task<ApprovalRecord?> WaitingQuestionAsync(string taskId, CancellationToken ct) =>
        await LatestRunAsync(taskId, ct) is { State: RunState.NeedsInput } run
            ? (await store.ListApprovalsAsync(run.Id, ct)).FirstOrDefault(a => a.IsPending)
            : null;

    private async Task<RunRecord?> LatestRunAsync(string taskId, CancellationToken ct) =>
        (await store.ListRunsForTaskAsync(taskId, ct)).MaxBy(r => r.Number);

    private static async Task<string> AnswerAsync(Func<Task> answer, string done)
    {
        try
        {
            await answer();
            return done;
        }
        catch (DeskException ex) when (ex.Kind == DeskErrorKind.NothingWaiting)
        {
            return "Nothing is waiting for approval in this task.";
        }
    }

    /// <summary>A yes or no, said back as what it does: a parked run goes on or ends; an agent waiting on a command runs it or is told no.</summary>
    private static async Task<string> DecideAsync(Func<Task<ApprovalRecord>> answer, Actor by, RunRecord run)
    {
        try
        {
            var question = await answer();
            var approved = question.Answer == ApprovalAnswer.Approved;
            return question.Kind == ApprovalKind.Command
                ? approved ? $"Approved by {by.Name}: the agent runs it." : $"Denied by {by.Name}: the agent is told no, and run {run.Number} goes on."
                : approved ? $"Approved by {by.Name}: run {run.Number} goes on." : $"Denied by {by.Name}: run {run.Number} ends and the task is escalated.";
        }
        catch (DeskException ex) when (ex.Kind == DeskErrorKind.NothingWaiting)
        {
            return "Nothing is waiting for approval in this task.";
        }
    }

    private async Task<string> StatusAsync(string taskId, CancellationToken ct)
    {
        var view = await RunRenderer.FoldAsync(store, taskId, long.MaxValue, ct);
        return view.Position == 0 ? $"Task {taskId} is gone." : StatusText.Of(view, time.GetUtcNow());
    }

    private async Task TaskJsonAsync(ChatRoom control, MatrixEvent evt, string json, CancellationToken ct)
    {
        Submitted submitted;
        try
        {
            submitted = await desk.SubmitJsonAsync(StripFence(json), "matrix:" + evt.EventId, FromChat, Actor.Matrix(evt.Sender), ct);
        }
        catch (DeskException ex) when (ex.Kind == DeskErrorKind.Invalid)
        {
            var errors = ex.Problems.Count > 0 ? ex.Problems : [ex.Message];
            await ReplyAsync(control, evt, "Nothing was queued:\n" + string.Join("\n", errors.Select(e => "• " + e)), ct);
            return;
        }

        await OpenTaskAsync(control, submitted.Task, evt, ct);
    }

    /// <summary>The task's room (made once), its status message, and a threaded link back where it was asked for.</summary>
    private async Task OpenTaskAsync(ChatRoom origin, TaskItem task, MatrixEvent evt, CancellationToken ct)
    {
        var project = task.Project ?? origin.Project ?? "";
        var existing = await store.FindChatRoomAsync(ChatRoomKind.Task, task.Id, ct);
        var roomId = existing?.RoomId ?? await rooms.OpenAsync(task, project, config.Workspace.Members.Append(evt.Sender).Distinct().ToList(), ct);
        var taskRoom = existing ?? new ChatRoom
        {
            RoomId = roomId,
            Kind = ChatRoomKind.Task,
            Key = task.Id,
            Project = project,
            TaskId = task.Id,
            StatusTxn = $"st-{task.Id}",
            RequestRoomId = origin.RoomId,
            RequestEventId = evt.EventId,
            CreatedAt = time.GetUtcNow(),
        };
        var link = $"https://matrix.to/#/{roomId}";
        var status = new OutboxMessage
        {
            RoomId = roomId,
            TxnId = taskRoom.StatusTxn!,
            EventType = "m.room.message",
            Content = ChatContent.Notice($"🕓 queued · {ChatContent.Line(task.Title, 80)}"),
        };
        var prompt = new OutboxMessage
        {
            RoomId = roomId,
            TxnId = $"p-{task.Id}",
            EventType = "m.room.message",
            Content = ChatContent.Notice($"{evt.Sender} asked: {task.Prompt}\n\n{ChatCommand.Help}"),
        };
        var reply = new OutboxMessage
        {
            RoomId = origin.RoomId,
            TxnId = $"open-{task.Id}",
            EventType = "m.room.message",
            Content = ChatContent.InThreadOf(
                ChatContent.Notice($"On it: task {task.Id} in {link}", $"On it: task {task.Id} in <a href=\"{link}\">{ChatContent.Escape(task.Title)}</a>"),
                evt.EventId),
        };
        await store.EnqueueChatAsync(ChatContent.Split(prompt.Content["body"]!.GetValue<string>()).Count > 1 ? [status, reply] : [status, prompt, reply], taskRoom, ct);
        wakeSender();
        TaskRoomOpened?.Invoke(task.Id, roomId);
    }

    /// <param name="second">Tells a second reply to the same event apart (its transaction id), e.g. a later failure.</param>
    private async Task ReplyAsync(ChatRoom room, MatrixEvent evt, string text, CancellationToken ct, string second = "")
    {
        var content = ChatContent.Notice(text);
        content["m.relates_to"] = new JsonObject { ["m.in_reply_to"] = new JsonObject { ["event_id"] = evt.EventId } };
        await store.EnqueueChatAsync([new OutboxMessage { RoomId = room.RoomId, TxnId = "re-" + Hash(evt.EventId) + second, EventType = "m.room.message", Content = content }], null, ct);
        wakeSender();
    }

    /// <summary>Says something in a room only the first time (a refusal per user, the encryption notice).</summary>
    private async Task OnceAsync(string key, ChatRoom room, string text, MatrixEvent evt, CancellationToken ct)
    {
        if (await store.GetChatValueAsync(key, ct) is not null)
        {
            return;
        }

        await ReplyAsync(room, evt, text, ct);
        await store.SetChatValueAsync(key, evt.EventId, ct);
    }

    /// <summary>JSON pasted in a Markdown code fence works too.</summary>
    private static string StripFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var body = firstLine < 0 ? "" : trimmed[(firstLine + 1)..];
        return body.EndsWith("```", StringComparison.Ordinal) ? body[..^3] : body;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
}
