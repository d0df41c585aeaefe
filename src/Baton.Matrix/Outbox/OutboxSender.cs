using Baton.Core.Chat;
using Baton.Core.Ports;
using Baton.Matrix.Client;

namespace Baton.Matrix.Outbox;

/// <summary>
/// Sends the stored outbox: in queue order within a room (rooms in parallel), each with its own transaction id, so a
/// message sent again after a crash or a lost response is still one event. A transient failure stops that room's queue
/// and retries later; a permanent refusal (the room is gone, the event is malformed) is recorded as failed so the rest
/// of the room is not held up forever.
/// </summary>
public sealed class OutboxSender(MatrixClient client, IChatStateStore state) : IDisposable
{
    public const string FailedPrefix = "failed:";
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private int _sent;
    private int _failed;

    /// <summary>Messages the server accepted since start.</summary>
    public int Sent => _sent;

    public int Failed => _failed;

    public Action<Exception>? OnError { get; init; }

    /// <summary>Something was queued: send now rather than at the next poll.</summary>
    public void Wake() => _wake.Release();

    public async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            bool progressed;
            try
            {
                progressed = await FlushAsync(ct);
                failures = progressed ? 0 : failures;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MatrixException or HttpRequestException or TimeoutException or OperationCanceledException)
            {
                OnError?.Invoke(ex);
                failures++;
                progressed = false;
            }

            try
            {
                var wait = failures == 0 ? TimeSpan.FromSeconds(1) : RetryPolicy.Default.Backoff(failures);
                await _wake.WaitAsync(progressed ? TimeSpan.Zero : wait, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends what is pending now; true when anything was sent.</summary>
    public async Task<bool> FlushAsync(CancellationToken ct)
    {
        var pending = await state.PendingChatAsync(500, ct);
        if (pending.Count == 0)
        {
            return false;
        }

        var results = await Task.WhenAll(pending.GroupBy(m => m.RoomId).Select(room => SendRoomAsync(room.ToList(), ct)));
        var firstError = results.FirstOrDefault(r => r.Error is not null).Error;
        if (results.Sum(r => r.Sent) == 0 && firstError is not null)
        {
            throw firstError;
        }

        if (firstError is not null)
        {
            OnError?.Invoke(firstError);
        }

        return results.Sum(r => r.Sent) > 0;
    }

    private async Task<(int Sent, Exception? Error)> SendRoomAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        var sent = 0;
        foreach (var message in messages)
        {
            var content = await TxnRefs.ResolveAsync(message.Content, txn => state.SentChatEventIdAsync(txn, ct));
            if (content is null)
            {
                // What it points at failed for good (or is somehow unsent though queued earlier): it can never be sent.
                if (await DependencyFailedAsync(message, ct))
                {
                    await MarkFailedAsync(message, "its target message failed", ct);
                    continue;
                }

                return (sent, null);
            }

            try
            {
                var eventId = await client.SendAsync(message.RoomId, message.EventType, message.TxnId, content, ct);
                await state.MarkChatSentAsync(message.Id, eventId, ct);
                Interlocked.Increment(ref _sent);
                sent++;
            }
            catch (MatrixException ex) when (!ex.IsTransient)
            {
                await MarkFailedAsync(message, ex.ErrorCode, ct);
                OnError?.Invoke(ex);
            }
            catch (Exception ex) when (ex is MatrixException or HttpRequestException or TimeoutException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                return (sent, ex);
            }
        }

        return (sent, null);
    }

    private async Task<bool> DependencyFailedAsync(OutboxMessage message, CancellationToken ct)
    {
        var text = message.Content.ToJsonString();
        var start = 0;
        while ((start = text.IndexOf("{{txn:", start, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf("}}", start, StringComparison.Ordinal);
            var txn = text[(start + 6)..end];
            var id = await state.SentChatEventIdAsync(txn, ct);
            if (id is null || id.StartsWith(FailedPrefix, StringComparison.Ordinal))
            {
                return id is not null || !await IsQueuedAsync(txn, ct);
            }

            start = end;
        }

        return false;
    }

    private async Task<bool> IsQueuedAsync(string txn, CancellationToken ct) =>
        (await state.PendingChatAsync(10_000, ct)).Any(m => m.TxnId == txn);

    private async Task MarkFailedAsync(OutboxMessage message, string why, CancellationToken ct)
    {
        await state.MarkChatSentAsync(message.Id, FailedPrefix + why, ct);
        Interlocked.Increment(ref _failed);
    }

    public void Dispose() => _wake.Dispose();
}
