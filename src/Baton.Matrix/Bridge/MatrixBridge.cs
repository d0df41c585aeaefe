using Baton.Core.Application;
using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Matrix.Client;
using Baton.Matrix.Outbox;
using Baton.Matrix.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Matrix.Bridge;

/// <summary>
/// The Matrix side of <c>baton serve</c>: connects, reconciles the room hierarchy, then runs three loops until stopped —
/// sync (people → tasks and commands), render (run events → queued messages, typing) and send (the outbox, in order).
/// </summary>
public sealed class MatrixBridge : IDisposable
{
    private static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(20);
    private readonly MatrixClient _client;
    private readonly IBatonStore _store;
    private readonly Func<CancellationToken, Task> _reconcile;
    private readonly TimeProvider _time;
    private readonly RunRenderer _renderer;
    private readonly ControlPublisher _control;
    private readonly OutboxSender _sender;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DateTimeOffset> _typing = new(StringComparer.Ordinal);

    /// <summary>Task rooms whose task is finished and fully shown, with when they were last looked at.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _settled = new(StringComparer.Ordinal);

    public MatrixBridge(MatrixClient client, IBatonStore store, MatrixConfig config, ITaskDesk desk, ITaskRoomOpener rooms,
        Func<CancellationToken, Task> reconcile, TimeProvider time, Action<string>? log = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _client = client;
        _store = store;
        _reconcile = reconcile;
        _time = time;
        Log = log ?? (_ => { });
        _renderer = new RunRenderer(store, config, time);
        _control = new ControlPublisher(store);
        _sender = new OutboxSender(client, store)
        {
            OnError = ex =>
            {
                MatrixLog.SendFailed(_logger, ex);
                Log($"matrix send: {ex.Message}");
            },
        };
        Handler = new BridgeHandler(store, desk, rooms, config, time, _sender.Wake) { Log = Log, Touched = room => _settled.TryRemove(room, out _) };
        Sync = new SyncLoop(client, store, Handler, config.SyncTimeout)
        {
            OnError = ex =>
            {
                MatrixLog.SyncFailed(_logger, ex);
                Log($"matrix sync: {ex.Message}");
            },
            // A first start ignores the rooms' history but not what people write while it starts (a minute of clock skew allowed).
            HandleFrom = time.GetUtcNow() - TimeSpan.FromMinutes(1),
        };
    }

    public Action<string> Log { get; }

    public BridgeHandler Handler { get; }

    public SyncLoop Sync { get; }

    public OutboxSender Sender => _sender;

    /// <summary>How often run events are looked at for new messages.</summary>
    public TimeSpan RenderInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How often a finished task's room is looked at again (a retry from the CLI shows up within this).</summary>
    public TimeSpan SettledInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Connects and reconciles (errors here stop <c>serve</c> with a clear message), then runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await _client.ConnectAsync(ct);
        if (await _store.GetChatValueAsync(SyncLoop.TokenKey, ct) is null)
        {
            // Where "now" is in the event stream, before reconcile makes rooms people can write in.
            await Sync.OnceAsync(null, ct);
        }

        await _reconcile(ct);
        MatrixLog.Connected(_logger, _client.UserId ?? "?");
        Log($"matrix: connected as {_client.UserId}");
        await Task.WhenAll(Sync.RunAsync(ct), _sender.RunAsync(ct), RenderLoopAsync(ct));
    }

    private async Task RenderLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RenderOnceAsync(ct);
                await Task.Delay(RenderInterval, _time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MatrixException or HttpRequestException or IOException or InvalidOperationException)
            {
                MatrixLog.RenderFailed(_logger, ex);
                Log($"matrix render: {ex.Message}");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task RenderOnceAsync(CancellationToken ct)
    {
        var rooms = await _store.ListChatRoomsAsync(ct);
        var control = rooms.FirstOrDefault(r => r.Kind == ChatRoomKind.Control);
        var queued = 0;
        var now = _time.GetUtcNow();
        foreach (var room in rooms.Where(r => r.Kind == ChatRoomKind.Task))
        {
            if (_settled.TryGetValue(room.RoomId, out var seen) && now - seen < SettledInterval)
            {
                continue;
            }

            var sent = await _renderer.RenderAsync(room, control, ct);
            queued += sent;
            var active = await TypingAsync(room, ct);
            if (sent == 0 && !active)
            {
                _settled[room.RoomId] = now;
            }
            else
            {
                _settled.TryRemove(room.RoomId, out _);
            }
        }

        if (control is not null)
        {
            queued += await _control.PublishAsync(control, ct);
        }

        if (queued > 0)
        {
            _sender.Wake();
        }
    }

    /// <summary>"Baton is typing…" while the room's run works; refreshed before the server's timeout lapses. True while work is afoot.</summary>
    private async Task<bool> TypingAsync(ChatRoom room, CancellationToken ct)
    {
        if (room.TaskId is null || _renderer.ViewOf(room.TaskId) is not { } view)
        {
            return false;
        }

        var working = view.Working;
        var now = _time.GetUtcNow();
        var was = _typing.TryGetValue(room.RoomId, out var since);
        try
        {
            if (working && (!was || now - since >= TypingRefresh))
            {
                _typing[room.RoomId] = now;
                await _client.TypingAsync(room.RoomId, true, TimeSpan.FromSeconds(30), ct);
            }
            else if (!working && was)
            {
                _typing.Remove(room.RoomId);
                await _client.TypingAsync(room.RoomId, false, TimeSpan.Zero, ct);
            }
        }
        catch (MatrixException ex) when (!ex.IsTransient)
        {
            // Typing is a courtesy; a room we can no longer type in must not stop the loop.
            MatrixLog.TypingRefused(_logger, room.RoomId, ex);
            Log($"matrix typing in {room.RoomId}: {ex.Message}");
        }

        // Queued or waiting tasks, and runs not yet ended, are not settled.
        return working || view.TaskState?.IsTerminal() != true || view.RunState?.IsTerminal() == false;
    }

    public void Dispose() => _sender.Dispose();
}
