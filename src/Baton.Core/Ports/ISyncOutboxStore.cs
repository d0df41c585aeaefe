namespace Baton.Core.Ports;

/// <summary>
/// The durable outbox of run sync: finished runs waiting to be delivered to <c>sync.url</c>, with their attempts and
/// back-off. Delivery is at least once; whichever Baton process works the outbox records each attempt here.
/// </summary>
public interface ISyncOutboxStore
{
    /// <summary>Puts a finished run in the outbox, due now; a run already there is left as it is.</summary>
    Task EnqueueSyncAsync(string runId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Undelivered runs whose next attempt is due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<SyncItem>> DueSyncsAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>Every run not delivered yet, oldest first.</summary>
    Task<IReadOnlyList<SyncItem>> PendingSyncsAsync(CancellationToken ct);

    /// <summary>
    /// Takes a due run for one delivery attempt: its next attempt is moved to <paramref name="until"/> only if it is still
    /// undelivered and due at <paramref name="now"/>. False when another node took it first (or delivered it).
    /// </summary>
    Task<bool> ClaimSyncAsync(string runId, DateTimeOffset now, DateTimeOffset until, CancellationToken ct);

    /// <summary>Records an attempt: delivered (never tried again), or failed with the next attempt's time.</summary>
    Task RecordSyncAttemptAsync(string runId, DateTimeOffset at, string? error, DateTimeOffset? nextAttemptAt, CancellationToken ct);
}

/// <summary>One run in the sync outbox.</summary>
public sealed record SyncItem(string RunId, DateTimeOffset QueuedAt, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? DeliveredAt);
