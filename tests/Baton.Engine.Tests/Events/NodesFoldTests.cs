using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Nodes;
using Baton.Core.Ports;

namespace Baton.Engine.Tests.Events;

public sealed class NodesFoldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private long _seq;

    private RunEvent E(string run, EventData data, int seconds) =>
        new() { Seq = ++_seq, Position = _seq, Ts = T0.AddSeconds(seconds), TaskId = "t-" + run, RunId = run, Data = data };

    [Fact]
    public void A_run_taken_over_moves_to_the_node_that_took_it_and_counts_against_the_one_that_lost_it()
    {
        var fold = new NodesFold();
        fold.Apply(E("r1", new LeaseAcquiredData { Node = "a:1", Epoch = 1, LeaseSeconds = 15 }, 0));
        fold.Apply(E("r2", new LeaseAcquiredData { Node = "a:1", Epoch = 1, LeaseSeconds = 15 }, 1));
        fold.Apply(E("r2", new AgentMessageData { Text = "working" }, 5));
        fold.Apply(E("r1", new LeaseLostData { Node = "a:1", By = "b:2", LastHeartbeat = T0.AddSeconds(5) }, 21));
        fold.Apply(E("r1", RunStateData.Of(RunState.Interrupted, message: "taken over"), 21));
        fold.Apply(E("r1", new LeaseAcquiredData { Node = "b:2", Epoch = 3, LeaseSeconds = 15 }, 22));
        fold.Apply(E("r2", new RunFinishedData { State = RunState.Succeeded }, 30));

        var nodes = fold.Summary();

        nodes.Select(n => n.Node).ShouldBe(["b:2", "a:1"]);
        nodes[0].Runs.ShouldHaveSingleItem().RunId.ShouldBe("r1");
        nodes[0].LastHeard.ShouldBe(T0.AddSeconds(22));
        nodes[1].Runs.ShouldBeEmpty("r1 was taken from it and r2 finished");
        nodes[1].Lost.ShouldBe(1);
        nodes[1].LastHeard.ShouldBe(T0.AddSeconds(30), "its last run's last event");
    }

    [Fact]
    public void A_run_that_parks_or_is_handed_back_is_no_longer_held()
    {
        var fold = new NodesFold();
        fold.Apply(E("r1", new LeaseAcquiredData { Node = "a:1", Epoch = 1, LeaseSeconds = 15 }, 0));
        fold.Apply(E("r2", new LeaseAcquiredData { Node = "a:1", Epoch = 1, LeaseSeconds = 15 }, 0));
        fold.Apply(E("r1", RunStateData.Of(RunState.NeedsInput, message: "waiting for a person"), 3));
        fold.Apply(E("r2", RunStateData.Of(RunState.Interrupted, message: "SIGTERM"), 4));

        fold.Summary().ShouldHaveSingleItem().Runs.ShouldBeEmpty();
    }

    [Fact]
    public void A_live_singleton_lease_marks_its_holder_and_lists_a_holder_without_runs()
    {
        var fold = new NodesFold();
        fold.Apply(E("r1", new LeaseAcquiredData { Node = "a:1", Epoch = 1, LeaseSeconds = 15 }, 0));
        var now = T0.AddSeconds(10);

        fold.Summary([new SingletonLease("matrix-bridge", "a:1", 2, now.AddSeconds(5))], now)
            .ShouldHaveSingleItem().Holds.ShouldBe(["matrix-bridge"]);
        var elsewhere = fold.Summary([new SingletonLease("matrix-bridge", "b:2", 3, now.AddSeconds(5))], now);
        elsewhere.Select(n => (n.Node, n.Runs.Count, n.Holds.Count)).ShouldBe([("a:1", 1, 0), ("b:2", 0, 1)]);
        fold.Summary([new SingletonLease("matrix-bridge", "b:2", 3, now)], now).ShouldHaveSingleItem().Holds.ShouldBeEmpty("run out");
        fold.Summary([new SingletonLease("matrix-bridge", null, 3, DateTimeOffset.UnixEpoch)], now).ShouldHaveSingleItem().Holds.ShouldBeEmpty("released");
    }
}
