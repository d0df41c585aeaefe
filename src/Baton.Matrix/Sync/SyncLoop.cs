using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Core.Ports;
using Baton.Matrix.Client;

namespace Baton.Matrix.Sync;

/// <summary>
/// Long-polls <c>/sync</c> and hands each new event to the handler once, across restarts: the token is stored after the
/// batch's effects are, handled event ids are stored by the handler, and a gap (<c>limited</c>) is filled from
/// <c>/messages</c>. The first sync with no token skips history. Errors back off (1 s doubling to 60 s, with jitter);
/// a token the server no longer knows starts over without history.
/// </summary>
public sealed class SyncLoop(MatrixClient client, IChatStateStore state, ISyncHandler handler, TimeSpan timeout)
{
    public const string TokenKey = "sync.next_batch";
    private const string FilterKey = "sync.filter";
    private static readonly RetryPolicy Backoff = new() { FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60) };

    /// <summary>Completed syncs, for tests and the benchmark.</summary>
    public int Syncs { get; private set; }

    /// <summary>Raised after each successful batch (tests wait on it).</summary>
    public event Action? Synced;

    /// <summary>
    /// On a sync without a token (first start, or the token was lost), events older than this are history and skipped;
    /// newer ones are handled, so a message sent while the bridge was starting is not lost. Default: skip them all.
    /// </summary>
    public DateTimeOffset HandleFrom { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>Called with each error the loop recovers from (for the service log).</summary>
    public Action<Exception>? OnError { get; init; }

    public static JsonObject Filter() => new()
    {
        ["room"] = new JsonObject
        {
            ["timeline"] = new JsonObject { ["limit"] = 50, ["types"] = new JsonArray("m.room.message", "m.reaction", "m.room.encrypted", "m.room.encryption", "m.room.member") },
            ["state"] = new JsonObject { ["lazy_load_members"] = true, ["types"] = new JsonArray("m.room.encryption") },
            ["ephemeral"] = new JsonObject { ["not_types"] = new JsonArray("*") },
            ["account_data"] = new JsonObject { ["not_types"] = new JsonArray("*") },
        },
        ["presence"] = new JsonObject { ["not_types"] = new JsonArray("*") },
        ["account_data"] = new JsonObject { ["not_types"] = new JsonArray("*") },
    };

    public async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        string? filterId = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                filterId ??= await FilterIdAsync(ct);
                await OnceAsync(filterId, ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (MatrixException ex) when (ex.ErrorCode == "M_UNKNOWN" && ex.Error.Contains("stream token", StringComparison.OrdinalIgnoreCase))
            {
                OnError?.Invoke(ex);
                await state.SetChatValueAsync(TokenKey, null, CancellationToken.None);
            }
            catch (Exception ex) when (ex is MatrixException or HttpRequestException or TimeoutException or InvalidDataException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                OnError?.Invoke(ex);
                failures++;
                try
                {
                    await Task.Delay(Backoff.Backoff(failures), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One sync and its effects. Public so tests and <c>reconcile</c> can step it.</summary>
    public async Task OnceAsync(string? filterId, CancellationToken ct)
    {
        var since = await state.GetChatValueAsync(TokenKey, ct);
        var batch = await client.SyncAsync(since, filterId, since is null ? TimeSpan.Zero : timeout, ct);
        foreach (var room in batch.Joined)
        {
            var events = since is null ? room.Events.Where(e => e.OriginServerTs >= HandleFrom)
                : room.Limited ? await BackfillAsync(room, since, ct) : room.Events;
            foreach (var evt in events)
            {
                if (!await state.IsChatEventHandledAsync(evt.EventId, ct))
                {
                    await handler.HandleEventAsync(evt, ct);
                }
            }
        }

        foreach (var invite in batch.Invites)
        {
            await handler.HandleInviteAsync(invite, ct);
        }

        await state.SetChatValueAsync(TokenKey, batch.NextBatch, ct);
        Syncs++;
        Synced?.Invoke();
    }

    /// <summary>The events the server left out between our token and the batch, then the batch's own, oldest first.</summary>
    private async Task<IReadOnlyList<MatrixEvent>> BackfillAsync(JoinedRoomUpdate room, string since, CancellationToken ct)
    {
        var events = new List<MatrixEvent>();
        var from = since;
        for (var page = 0; page < 20 && from is not null; page++)
        {
            var (chunk, end) = await client.MessagesAsync(room.RoomId, from, room.PrevBatch, "f", 100, ct);
            events.AddRange(chunk);
            if (chunk.Count == 0 || end is null || end == from)
            {
                break;
            }

            from = end;
        }

        var seen = events.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        events.AddRange(room.Events.Where(e => !seen.Contains(e.EventId)));
        return events;
    }

    /// <summary>The uploaded filter's id; uploaded again when the filter changed (its hash is stored beside the id).</summary>
    private async Task<string> FilterIdAsync(CancellationToken ct)
    {
        var json = Filter().ToJsonString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
        if (await state.GetChatValueAsync(FilterKey, ct) is { } stored && stored.StartsWith(hash + ":", StringComparison.Ordinal))
        {
            return stored[(hash.Length + 1)..];
        }

        var id = await client.UploadFilterAsync(Filter(), ct);
        await state.SetChatValueAsync(FilterKey, $"{hash}:{id}", ct);
        return id;
    }
}
