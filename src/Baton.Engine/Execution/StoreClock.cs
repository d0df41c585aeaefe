using Baton.Core.Ports;
using Baton.Core.Store;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Execution;

/// <summary>
/// This machine's clock set to the shared store's. Nodes judge each other's leases by heartbeat times they wrote, so
/// a node whose clock runs a minute ahead would take every other node's runs and one a minute behind would keep its
/// own past their lease. Every node therefore reads time as the store's clock: this machine's, plus the offset to the
/// store measured (half a round trip either side) at start and again every <see cref="ResyncEvery"/>. Timers and
/// elapsed time stay this machine's.
/// </summary>
public sealed class StoreClock(TimeProvider local, ILogger log) : TimeProvider
{
    public static readonly TimeSpan ResyncEvery = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan NoteworthyOffset = TimeSpan.FromSeconds(1);

    private int _syncing;
    private long _offsetTicks;
    private long _syncedAt = long.MinValue;
    private long _reportedTicks;

    /// <summary>The store's clock minus this machine's, as last measured.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => local.GetUtcNow() + Offset;

    public override long GetTimestamp() => local.GetTimestamp();

    public override long TimestampFrequency => local.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => local.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        local.CreateTimer(callback, state, dueTime, period);

    /// <summary>Measures the offset again when the last measure is older than <see cref="ResyncEvery"/>.</summary>
    /// <remarks>A store that cannot answer leaves the last offset in place (logged); its writes will say what is wrong.</remarks>
    public async Task SyncIfDueAsync(IRunStore store, CancellationToken ct)
    {
        var syncedAt = Interlocked.Read(ref _syncedAt);
        if (syncedAt != long.MinValue && local.GetElapsedTime(syncedAt) < ResyncEvery)
        {
            return;
        }

        if (Interlocked.Exchange(ref _syncing, 1) == 1)
        {
            return;   // another caller is measuring it now
        }

        try
        {
            await SyncAsync(store, ct);
        }
        catch (StoreException ex)
        {
            Logging.EngineLog.ClockReadFailed(log, ex);
        }
        finally
        {
            Volatile.Write(ref _syncing, 0);
        }
    }

    /// <summary>Measures the offset to <paramref name="store"/>'s clock now (none for a store without its own).</summary>
    public async Task SyncAsync(IRunStore store, CancellationToken ct)
    {
        var before = local.GetUtcNow();
        var started = local.GetTimestamp();
        var theirs = await store.ReadClockAsync(ct);
        var roundTrip = local.GetElapsedTime(started);
        Interlocked.Exchange(ref _syncedAt, local.GetTimestamp());
        if (theirs is not { } at)
        {
            return;
        }

        var offset = at - (before + (roundTrip / 2));
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        var reported = TimeSpan.FromTicks(_reportedTicks);
        if ((offset - reported).Duration() >= NoteworthyOffset)
        {
            _reportedTicks = offset.Ticks;
            Logging.EngineLog.ClockOffset(log, offset.TotalSeconds);
        }
    }
}
