using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Ports;
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
            catch (InvalidOperationException ex)
            {
                // The request was refused (an unknown project, a task that is gone): say so where it was asked.
                Log?.Invoke($"matrix: {evt.EventId} from {evt.Sender} refused: {ex.Message}");
                await ReplyAsync(room, evt, "That didn't work: " + ex.Message, ct);
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
                await OpenTaskAsync(room, await desk.SubmitAsync(new ChatTaskRequest
                {
                    Prompt = evt.Body.Trim(),
                    Project = room.Project ?? "",
                    Requester = evt.Sender,
                    ExternalKey = "matrix:" + evt.EventId,
                }, ct), evt, ct);
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
            case ChatRoomKind.Task when room.TaskId is { } taskId:
                await ReplyAsync(room, evt, await TaskCommandAsync(taskId, command ?? new ChatCommand("run", evt.Body.Trim()), evt.Sender, ct), ct);
                Touched?.Invoke(room.RoomId);
                break;
            case ChatRoomKind.Task or ChatRoomKind.Workspace or ChatRoomKind.Project:
                break;
        }
    }

    private async Task<string> TaskCommandAsync(string taskId, ChatCommand command, string sender, CancellationToken ct) => command.Verb switch
    {
        "run" when command.Argument.Length == 0 => "Say what to do: !run <prompt>.",
        "run" => await desk.ContinueAsync(taskId, command.Argument, sender, ct),
        "new" => await desk.NewSessionAsync(taskId, ct),
        "stop" => await desk.StopAsync(taskId, ct),
        "retry" => await desk.RetryAsync(taskId, ct),
        "status" => await StatusAsync(taskId, ct),
        "help" => ChatCommand.Help,
        "approve" or "deny" => "Nothing is waiting for approval in this task.",
        _ => $"I don't know !{command.Verb}. {ChatCommand.Help}",
    };

    private async Task<string> StatusAsync(string taskId, CancellationToken ct)
    {
        var task = await store.GetTaskAsync(taskId, ct);
        if (task is null)
        {
            return $"Task {taskId} is gone.";
        }

        var run = (await store.ListRunsForTaskAsync(taskId, ct)).MaxBy(r => r.Number);
        return StatusText.Of(task, run, null, time.GetUtcNow());
    }

    private async Task TaskJsonAsync(ChatRoom control, MatrixEvent evt, string json, CancellationToken ct)
    {
        var (task, errors) = await desk.SubmitJsonAsync(StripFence(json), evt.Sender, "matrix:" + evt.EventId, ct);
        if (task is null)
        {
            await ReplyAsync(control, evt, "Nothing was queued:\n" + string.Join("\n", errors.Select(e => "• " + e)), ct);
            return;
        }

        await OpenTaskAsync(control, task, evt, ct);
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

    private async Task ReplyAsync(ChatRoom room, MatrixEvent evt, string text, CancellationToken ct)
    {
        var content = ChatContent.Notice(text);
        content["m.relates_to"] = new JsonObject { ["m.in_reply_to"] = new JsonObject { ["event_id"] = evt.EventId } };
        await store.EnqueueChatAsync([new OutboxMessage { RoomId = room.RoomId, TxnId = "re-" + Hash(evt.EventId), EventType = "m.room.message", Content = content }], null, ct);
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
