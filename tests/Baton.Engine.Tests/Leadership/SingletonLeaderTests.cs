using System.Collections.Concurrent;
using Baton.Core.Store;
using Baton.Engine.Leadership;
using Baton.Engine.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Engine.Tests.Leadership;

/// <summary>
/// The leader loop on an in-memory lease store and the real clock with a short lease (1.5 s: renewed every 0.5 s, given
/// up after 1 s without a renewal): the holder runs the work, losing the lease cancels it at once, stopping releases it.
/// </summary>
public sealed class SingletonLeaderTests : IAsyncDisposable
{
    private const string Name = "matrix-bridge";
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly MemoryLeaseStore _store = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<LeadershipChange> _changes = new();
    private readonly ConcurrentQueue<CancellationToken> _terms = new();
    private readonly SingletonLeader _leader;

    public SingletonLeaderTests()
    {
        _leader = new SingletonLeader(_store, Name, "me:1", Lease, TimeProvider.System, NullLogger.Instance) { Changed = _changes.Enqueue };
    }

    /// <summary>The work: counts its starts and runs until cancelled.</summary>
    private async Task WorkAsync(CancellationToken ct)
    {
        _terms.Enqueue(ct);
        await Task.Delay(Timeout.Infinite, ct);
    }

    private IReadOnlyList<LeadershipState> States => [.. _changes.Select(c => c.State)];

    [Fact]
    public async Task The_holder_runs_the_work_renews_the_lease_and_releases_it_when_stopped()
    {
        var running = _leader.RunAsync(WorkAsync, _stop.Token);

        (await Eventually.TrueAsync(() => _store.Renewals >= 3, Bound)).ShouldBeTrue("the lease is renewed while the work runs");
        _terms.ShouldHaveSingleItem().IsCancellationRequested.ShouldBeFalse();
        _leader.Epoch.ShouldBe(1);
        _store[Name].ShouldNotBeNull().Holder.ShouldBe("me:1");
        await _stop.CancelAsync();
        await running.WaitAsync(Bound);

        _terms.Single().IsCancellationRequested.ShouldBeTrue();
        _store[Name].ShouldNotBeNull().Holder.ShouldBeNull("released, for another node to take at once");
        _store.Releases.ShouldBe(1);
        States.ShouldBe([LeadershipState.Taken, LeadershipState.Released]);
        _leader.Epoch.ShouldBe(0);
    }

    [Fact]
    public async Task A_lease_another_node_took_cancels_the_work_at_once_and_the_node_takes_it_again_once_free()
    {
        var running = _leader.RunAsync(WorkAsync, _stop.Token);
        (await Eventually.TrueAsync(() => !_terms.IsEmpty, Bound)).ShouldBeTrue();

        _store.TakeOver(Name, "other:2", DateTimeOffset.UtcNow.AddHours(1));

        (await Eventually.TrueAsync(() => _terms.Single().IsCancellationRequested, Bound)).ShouldBeTrue("the work stops on the first renewal refused");
        (await Eventually.TrueAsync(() => States.Contains(LeadershipState.HeldElsewhere), Bound)).ShouldBeTrue();
        var lost = _changes.Single(c => c.State == LeadershipState.Lost);
        (lost.Epoch, lost.Why).ShouldBe((1, "another node holds it now"));
        _changes.Single(c => c.State == LeadershipState.HeldElsewhere).Holder.ShouldBe("other:2");
        _terms.Count.ShouldBe(1, "the work does not start while another node holds the lease");

        await _store.ReleaseLeaseAsync(Name, "other:2", 2, CancellationToken.None);

        (await Eventually.TrueAsync(() => _terms.Count == 2, Bound)).ShouldBeTrue("taken again once the other node let it go");
        _leader.Epoch.ShouldBe(3);
        await _stop.CancelAsync();
        await running.WaitAsync(Bound);
        States.ShouldBe([LeadershipState.Taken, LeadershipState.Lost, LeadershipState.HeldElsewhere, LeadershipState.Taken, LeadershipState.Released]);
    }

    [Fact]
    public async Task A_store_that_stops_answering_stops_the_work_before_the_lease_runs_out()
    {
        var running = _leader.RunAsync(WorkAsync, _stop.Token);
        (await Eventually.TrueAsync(() => !_terms.IsEmpty, Bound)).ShouldBeTrue();
        var cut = DateTime.UtcNow;

        _store.HangRenewals = true;

        (await Eventually.TrueAsync(() => _terms.First().IsCancellationRequested, Bound, TimeSpan.FromMilliseconds(10))).ShouldBeTrue();
        (DateTime.UtcNow - cut).ShouldBeLessThan(Lease, "stopped within the lease, before another node may take it");
        (await Eventually.TrueAsync(() => States.Contains(LeadershipState.Lost), Bound)).ShouldBeTrue();
        _store.HangRenewals = false;
        var renewals = _store.Renewals;
        (await Eventually.TrueAsync(() => _store.Renewals > renewals + 1 && !_terms.Last().IsCancellationRequested, Bound))
            .ShouldBeTrue("still its own lease once the store answers: taken again, and renewed");
        _terms.Count.ShouldBeGreaterThan(1);
        await _stop.CancelAsync();
        await running.WaitAsync(Bound);
    }

    [Fact]
    public async Task Stopping_while_a_renewal_hangs_still_stops_the_work_and_releases_the_lease()
    {
        var running = _leader.RunAsync(WorkAsync, _stop.Token);
        (await Eventually.TrueAsync(() => !_terms.IsEmpty, Bound)).ShouldBeTrue();
        _store.HangRenewals = true;
        var renewals = _store.Renewals;
        (await Eventually.TrueAsync(() => _store.HungRenewals > 0, Bound, TimeSpan.FromMilliseconds(10))).ShouldBeTrue("a renewal is in flight");

        await _stop.CancelAsync();
        await running.WaitAsync(Bound);   // ends without throwing

        _terms.Single().IsCancellationRequested.ShouldBeTrue();
        _store[Name].ShouldNotBeNull().Holder.ShouldBeNull();
        _store.Renewals.ShouldBe(renewals);
        States.ShouldBe([LeadershipState.Taken, LeadershipState.Released]);
    }

    [Fact]
    public async Task A_failing_store_is_ridden_out_and_the_lease_taken_once_it_answers()
    {
        _store.Failure = new StoreException(StoreErrorCategory.Busy, "the database is down (test)");
        var running = _leader.RunAsync(WorkAsync, _stop.Token);
        (await Eventually.TrueAsync(() => _store.FailedCalls >= 3, Bound)).ShouldBeTrue("it keeps trying");
        _terms.ShouldBeEmpty();

        _store.Failure = null;

        (await Eventually.TrueAsync(() => _terms.Count == 1, Bound)).ShouldBeTrue();
        await _stop.CancelAsync();
        await running.WaitAsync(Bound);
    }

    [Fact]
    public async Task A_node_refused_never_starts_the_work_and_leaves_the_holders_lease_alone_when_stopped()
    {
        _store.TakeOver(Name, "other:2", DateTimeOffset.UtcNow.AddHours(1));
        var running = _leader.RunAsync(WorkAsync, _stop.Token);

        (await Eventually.TrueAsync(() => States.Contains(LeadershipState.HeldElsewhere), Bound)).ShouldBeTrue();
        await _stop.CancelAsync();
        await running.WaitAsync(Bound);

        _terms.ShouldBeEmpty();
        _store[Name].ShouldNotBeNull().Holder.ShouldBe("other:2");
        States.ShouldBe([LeadershipState.HeldElsewhere], "told once, not on every try");
    }

    [Fact]
    public async Task Work_that_fails_releases_the_lease_and_its_error_comes_out()
    {
        var running = _leader.RunAsync(_ => throw new InvalidOperationException("the bridge could not connect (test)"), _stop.Token);

        (await Should.ThrowAsync<InvalidOperationException>(running.WaitAsync(Bound))).Message.ShouldContain("could not connect");
        _store[Name].ShouldNotBeNull().Holder.ShouldBeNull();
        States.ShouldBe([LeadershipState.Taken, LeadershipState.Released]);
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
