using Baton.Core.Ports;

namespace Baton.Engine.Tests.Fakes;

/// <summary>
/// The singleton-lease contract in memory (the stores' conformance suite pins the real ones to it), with handles a test
/// turns: another node taking the lease, the store failing or hanging, and a count of renewals and releases.
/// </summary>
public sealed class MemoryLeaseStore : ISingletonLeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SingletonLease> _leases = new(StringComparer.Ordinal);
    private int _failedCalls;
    private int _hungRenewals;

    /// <summary>Every call fails with this, when set.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Renewals never answer, when set (a store cut off mid-call).</summary>
    public bool HangRenewals { get; set; }

    public int Renewals { get; private set; }

    /// <summary>Renewals that were left hanging (<see cref="HangRenewals"/>).</summary>
    public int HungRenewals => Volatile.Read(ref _hungRenewals);

    /// <summary>Calls that failed with <see cref="Failure"/>.</summary>
    public int FailedCalls => Volatile.Read(ref _failedCalls);

    public int Releases { get; private set; }

    public SingletonLease? this[string name]
    {
        get
        {
            lock (_gate)
            {
                return _leases.GetValueOrDefault(name);
            }
        }
    }

    /// <summary>Another node takes the lease (as after this node stalled past its expiry).</summary>
    public void TakeOver(string name, string holder, DateTimeOffset until)
    {
        lock (_gate)
        {
            var epoch = _leases.TryGetValue(name, out var lease) ? lease.Epoch + 1 : 1;
            _leases[name] = new SingletonLease(name, holder, epoch, until);
        }
    }

    public Task<LeaseClaim> AcquireLeaseAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        Fail();
        lock (_gate)
        {
            if (!_leases.TryGetValue(name, out var lease))
            {
                return Task.FromResult(new LeaseClaim(true, _leases[name] = new SingletonLease(name, holder, 1, until)));
            }

            if (lease.Holder == holder && lease.ExpiresAt > now)
            {
                return Task.FromResult(new LeaseClaim(true, _leases[name] = lease with { ExpiresAt = until }));
            }

            return lease.Holder is null || lease.ExpiresAt <= now
                ? Task.FromResult(new LeaseClaim(true, _leases[name] = new SingletonLease(name, holder, lease.Epoch + 1, until)))
                : Task.FromResult(new LeaseClaim(false, lease));
        }
    }

    public Task<bool> RenewLeaseAsync(string name, string holder, long epoch, DateTimeOffset until, CancellationToken ct)
    {
        Fail();
        if (HangRenewals)
        {
            Interlocked.Increment(ref _hungRenewals);
            return new TaskCompletionSource<bool>().Task;
        }

        lock (_gate)
        {
            Renewals++;
            if (_leases.TryGetValue(name, out var lease) && lease.Holder == holder && lease.Epoch == epoch)
            {
                _leases[name] = lease with { ExpiresAt = until };
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        }
    }

    public Task ReleaseLeaseAsync(string name, string holder, long epoch, CancellationToken ct)
    {
        Fail();
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var lease) && lease.Holder == holder && lease.Epoch == epoch)
            {
                Releases++;
                _leases[name] = lease with { Holder = null, ExpiresAt = DateTimeOffset.UnixEpoch };
            }
        }

        return Task.CompletedTask;
    }

    public Task<SingletonLease?> ReadLeaseAsync(string name, CancellationToken ct)
    {
        Fail();
        return Task.FromResult(this[name]);
    }

    private void Fail()
    {
        if (Failure is { } failure)
        {
            Interlocked.Increment(ref _failedCalls);
            throw failure;
        }
    }
}
