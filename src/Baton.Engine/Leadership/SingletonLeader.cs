using System.Runtime.ExceptionServices;
using Baton.Core.Ports;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Leadership;

/// <summary>
/// Runs work that must run on exactly one node of a shared store (the Matrix bridge) on whichever node holds its lease.
/// Every node tries to take the lease; the holder starts the work and renews the lease every <see cref="RenewEvery"/>.
/// When the store says the lease changed hands, or it could not be renewed for <see cref="GiveUpAfter"/> (the store cut
/// off, or this process stalled), the work is cancelled at once and the node goes back to trying: by then at most
/// <see cref="RenewEvery"/> of the lease is left, the time the work has to wind down before another node may take it.
/// Stopping (the token) cancels the work and releases the lease, so another node takes over without waiting it out.
/// </summary>
public sealed class SingletonLeader
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);
    private readonly ISingletonLeaseStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long _renewedAt;
    private bool _storeFailing;
    private string? _toldHolder;
    private long _epoch;

    /// <param name="time">The clock lease times are judged by: on a shared store, the store's (every node reads the same).</param>
    public SingletonLeader(ISingletonLeaseStore store, string name, string holder, TimeSpan lease, TimeProvider time, ILogger log)
    {
        _store = store;
        _time = time;
        _log = log;
        Name = name;
        Holder = holder;
        Lease = lease;
        RenewEvery = lease / 3;
        RetryEvery = TimeSpan.FromSeconds(Math.Min(1, lease.TotalSeconds / 3));
    }

    public string Name { get; }

    /// <summary>This node's name in the lease (host:pid).</summary>
    public string Holder { get; }

    public TimeSpan Lease { get; }

    public TimeSpan RenewEvery { get; init; }

    /// <summary>How often a node that does not hold the lease tries to take it.</summary>
    public TimeSpan RetryEvery { get; init; }

    /// <summary>How long the holder goes on without a renewal before it stops the work: the lease less one renewal.</summary>
    public TimeSpan GiveUpAfter => Lease - RenewEvery;

    /// <summary>Told when this node takes, loses or releases the lease, and when it sees another node hold it.</summary>
    public Action<LeadershipChange>? Changed { get; init; }

    /// <summary>The epoch this node holds the lease at, or 0 while it does not.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>
    /// Takes the lease whenever it can and runs <paramref name="work"/> while holding it, until <paramref name="ct"/> is
    /// cancelled (then the lease is released) or the work ends by itself (released too; its failure is rethrown).
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> work, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            if (await TryTakeAsync(ct) is { } epoch)
            {
                _renewedAt = started;
                if (await LeadAsync(epoch, work, ct))
                {
                    return;
                }

                continue;
            }

            if (!await WaitAsync(RetryEvery, ct))
            {
                return;
            }
        }
    }

    /// <summary>One try to take the lease: its epoch when granted, null when another node holds it or the store failed.</summary>
    private async Task<long?> TryTakeAsync(CancellationToken ct)
    {
        LeaseClaim claim;
        try
        {
            var now = _time.GetUtcNow();
            claim = await _store.AcquireLeaseAsync(Name, Holder, now, now + Lease, ct);
            _storeFailing = false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping. Had the store granted it before the call was dropped, the lease runs out on its own.
            return null;
        }
        catch (Exception ex)
        {
            StoreFailed(ex);
            return null;
        }

        if (!claim.Granted)
        {
            var holder = claim.Lease.Holder ?? "?";
            if (holder != _toldHolder)
            {
                _toldHolder = holder;
                EngineLog.LeadershipElsewhere(_log, Name, holder);
                Changed?.Invoke(new LeadershipChange(Name, LeadershipState.HeldElsewhere, holder, claim.Lease.Epoch));
            }

            return null;
        }

        if (ct.IsCancellationRequested)
        {
            await ReleaseAsync(claim.Lease.Epoch);
            return null;
        }

        return claim.Lease.Epoch;
    }

    /// <summary>Runs the work while the lease holds. True when this node is done (stopped, or the work ended); false when it lost the lease.</summary>
    private async Task<bool> LeadAsync(long epoch, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        Interlocked.Exchange(ref _epoch, epoch);
        _toldHolder = Holder;
        EngineLog.LeadershipTaken(_log, Name, Holder, epoch);
        Changed?.Invoke(new LeadershipChange(Name, LeadershipState.Taken, Holder, epoch));
        using var lead = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = Task.Run(() => work(lead.Token), CancellationToken.None);
        string? lost = null;
        while (lost is null && !ct.IsCancellationRequested && !running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(RenewEvery, _time, ct));
            if (!ct.IsCancellationRequested && !running.IsCompleted)
            {
                lost = await RenewAsync(epoch, ct);
            }
        }

        var endedByItself = running.IsCompleted && !lead.IsCancellationRequested;
        await lead.CancelAsync();
        var failure = await EndAsync(running);
        Interlocked.Exchange(ref _epoch, 0);
        if (lost is not null && !ct.IsCancellationRequested)
        {
            _toldHolder = null;
            EngineLog.LeadershipLost(_log, Name, Holder, epoch, lost);
            Changed?.Invoke(new LeadershipChange(Name, LeadershipState.Lost, Holder, epoch, lost));
            if (failure is not null)
            {
                EngineLog.LeadershipWorkFailed(_log, Name, failure);
            }

            return false;
        }

        await ReleaseAsync(epoch);
        if (failure is not null && endedByItself)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return true;
    }

    /// <summary>Renews the lease; why it is lost, or null while it holds.</summary>
    private async Task<string?> RenewAsync(long epoch, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var quiet = _time.GetElapsedTime(_renewedAt);
        if (quiet >= GiveUpAfter)
        {
            // This process did not get to renew for most of a lease (stalled, or starved): another node may take it any moment.
            return $"no renewal for {quiet.TotalSeconds:0.#} s of the {Lease.TotalSeconds:0.#} s lease";
        }

        try
        {
            var now = _time.GetUtcNow();
            // Bounded: a store call that hangs must not keep this node working past its lease.
            var renewed = await _store.RenewLeaseAsync(Name, Holder, epoch, now + Lease, ct).WaitAsync(GiveUpAfter - quiet, _time, ct);
            _storeFailing = false;
            if (!renewed)
            {
                return "another node holds it now";
            }

            _renewedAt = started;
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;   // stopping: the caller cancels the work and releases the lease
        }
        catch (Exception ex)
        {
            StoreFailed(ex);
            quiet = _time.GetElapsedTime(_renewedAt);
            // A renewal that timed out waited for exactly what was left until giving up.
            return ex is TimeoutException || quiet >= GiveUpAfter ? $"the lease could not be renewed for {quiet.TotalSeconds:0.#} s" : null;
        }
    }

    private async Task ReleaseAsync(long epoch)
    {
        try
        {
            using var bounded = new CancellationTokenSource(ReleaseTimeout, _time);
            await _store.ReleaseLeaseAsync(Name, Holder, epoch, bounded.Token);
            EngineLog.LeadershipReleased(_log, Name, Holder, epoch);
            Changed?.Invoke(new LeadershipChange(Name, LeadershipState.Released, Holder, epoch));
        }
        catch (Exception ex)
        {
            // Not released: another node takes it once it runs out.
            EngineLog.LeaseStoreFailed(_log, Name, ex);
        }
    }

    /// <summary>Waits for the work to end; its failure, or null when it ended well or by being cancelled.</summary>
    private static async Task<Exception?> EndAsync(Task running)
    {
        try
        {
            await running;
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private void StoreFailed(Exception ex)
    {
        // Logged once per streak of failures.
        if (!_storeFailing)
        {
            _storeFailing = true;
            EngineLog.LeaseStoreFailed(_log, Name, ex);
        }
    }

    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
