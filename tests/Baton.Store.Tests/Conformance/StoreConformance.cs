using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;
using Baton.Testing;

namespace Baton.Store.Tests.Conformance;

/// <summary>
/// The written contract of <see cref="IBatonStore"/> (tasks, runs, events and the feed, gate results, settings), for
/// every store. A store's test class subclasses this with a factory for a fresh, empty store (one per call) and a way to
/// make event inserts fail inside the store's own transaction (a trigger), so atomicity can be checked from outside.
/// </summary>
public abstract partial class StoreConformance : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset T0 = Samples.T0;
    protected static readonly RunOwner Alice = new("alice-host", 4242, 1_000_001);
    protected static readonly RunOwner Bob = new("bob-host", 77, 2_000_002);
    protected static readonly RunOwner Carol = new("carol-host", 99, 3_000_003);

    private readonly Func<Task<IBatonStore>> _newStore;
    private readonly List<IBatonStore> _stores = [];
    private IBatonStore? _store;

    protected StoreConformance(Func<Task<IBatonStore>> newStore)
    {
        _newStore = newStore;
    }

    /// <summary>A fresh, empty store for the test.</summary>
    protected IBatonStore Store => _store ?? throw new InvalidOperationException("The store is not open yet.");

    public async Task InitializeAsync() => _store = await NewStoreAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Another fresh, empty store (disposed with the test).</summary>
    protected async Task<IBatonStore> NewStoreAsync()
    {
        var store = await _newStore();
        _stores.Add(store);
        return store;
    }

    /// <summary>From now on, storing an event of type <paramref name="type"/> fails inside the store's write transaction.</summary>
    protected abstract Task FailEventInsertsAsync(IBatonStore store, EventType type);

    // ---------------------------------------------------------------- helpers

    /// <summary>What a race of writers against a feed follower produced: every event written, and what the follower saw.</summary>
    protected sealed record FeedRace(IReadOnlyList<RunEvent> Written, IReadOnlyList<RunEvent> Seen);

    /// <summary>
    /// <paramref name="writers"/> tasks, each with a run, are written in parallel (through the given stores in turn): run
    /// events, task state changes and new tasks. Meanwhile a follower reads the feed on <paramref name="reader"/> page by
    /// page with <see cref="FeedQuery.After"/>. Asserts that it saw every event exactly once, in increasing position order,
    /// and never found one at or below a position it had passed. Every loop is bounded.
    /// </summary>
    protected static async Task<FeedRace> RaceWritersAgainstFollowerAsync(IReadOnlyList<IBatonStore> stores, IBatonStore reader, int writers, int rounds)
    {
        var written = new ConcurrentQueue<RunEvent>();
        for (var w = 0; w < writers; w++)
        {
            var store = stores[w % stores.Count];
            written.Enqueue((await store.AddTaskAsync(NewTask($"race-{w}"), Actor.Baton, None)).Event!);
            await store.AddRunAsync(NewRun($"race-run-{w}", $"race-{w}") with { Owner = Alice with { Pid = w } }, None);
        }

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var store = stores[w % stores.Count];
            var (taskId, runId) = ($"race-{w}", $"race-run-{w}");
            var state = TaskState.Queued;
            long seq = 0;
            for (var round = 0; round < rounds; round++)
            {
                var types = Enumerable.Repeat(EventType.AgentMessage, 1 + (round % 3)).ToArray();
                foreach (var e in await store.AppendEventsAsync(RunEvents(taskId, runId, seq + 1, types), None))
                {
                    written.Enqueue(e);
                }

                seq += types.Length;
                var to = state == TaskState.Running ? TaskState.Waiting : TaskState.Running;
                var change = await store.TransitionTaskAsync(
                    new TaskChange { TaskId = taskId, To = to, Expected = [state], At = T0.AddSeconds(round) }, None);
                written.Enqueue(change.ShouldNotBeNull().Event);
                state = to;
                (await store.HeartbeatAsync(runId, 1, T0.AddSeconds(round), None)).Owned.ShouldBeTrue();
                if (round % 8 == 0)
                {
                    written.Enqueue((await store.AddTaskAsync(NewTask($"race-{w}-extra-{round}"), Actor.Baton, None)).Event!);
                }
            }
        })));

        var seen = new List<RunEvent>();
        var after = 0L;
        var caughtUp = false;
        var clock = Stopwatch.StartNew();
        for (var poll = 0; poll < 200_000 && clock.Elapsed < TimeSpan.FromSeconds(90); poll++)
        {
            // Read "done" before the page: if the writers had finished and the page is empty, nothing is left to see.
            var done = writing.IsCompleted;
            var page = await reader.ReadFeedAsync(new FeedQuery(After: after), 16, None);
            foreach (var e in page)
            {
                e.Position.ShouldBeGreaterThan(after, "the feed went back to a position the follower had passed");
                after = e.Position;
                seen.Add(e);
            }

            if (done && page.Count == 0)
            {
                caughtUp = true;
                break;
            }

            if (page.Count == 0)
            {
                await Task.Delay(1);
            }
        }

        await writing; // surfaces a writer's failure
        caughtUp.ShouldBeTrue($"the follower did not catch up within the bound ({seen.Count} of {written.Count} events seen)");

        written.Select(e => e.Position).Distinct().Count().ShouldBe(written.Count, "two writes got the same position");
        var byPosition = written.ToDictionary(e => e.Position);
        seen.Count.ShouldBe(written.Count);
        seen.Select(e => e.Position).ShouldBe(byPosition.Keys.Order());
        foreach (var e in seen)
        {
            var w = byPosition[e.Position];
            (e.TaskId, e.RunId, e.Seq, e.Type).ShouldBe((w.TaskId, w.RunId, w.Seq, w.Type));
        }

        // Nothing turned up behind the follower after it passed: the whole feed now is exactly what it saw.
        var feed = await reader.ReadFeedAsync(new FeedQuery(), written.Count + 100, None);
        feed.Select(e => e.Position).ShouldBe(seen.Select(e => e.Position));
        for (var w = 0; w < writers; w++)
        {
            var taskId = $"race-{w}";
            (await reader.ReadFeedAsync(new FeedQuery(TaskId: taskId), written.Count + 100, None)).Select(e => e.Position)
                .ShouldBe(seen.Where(e => e.TaskId == taskId).Select(e => e.Position));
            (await reader.ReadEventsAsync($"race-run-{w}", 0, written.Count, None)).Select(e => e.Seq)
                .ShouldBe(Enumerable.Range(1, seen.Count(e => e.RunId == $"race-run-{w}")).Select(i => (long)i));
        }

        return new FeedRace([.. written], seen);
    }

    /// <summary>
    /// t1 (runs r1, r2) and t2 (run r3), with task events and run events of several types interleaved.
    /// </summary>
    private async Task SeedFeedAsync()
    {
        await Store.AddTaskAsync(NewTask("t1"), Actor.Baton, None);
        await Store.AddTaskAsync(NewTask("t2"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t1"), None);
        await Store.AddRunAsync(NewRun("r3", "t2"), None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "t1", To = TaskState.Running, At = T0.AddSeconds(1) }, None);
        await Store.AppendEventsAsync(RunEvents("t1", "r1", 1, EventType.RunStarted, EventType.AgentCommand), None);
        await Store.AppendEventsAsync(RunEvents("t2", "r3", 1, EventType.RunStarted, EventType.AgentMessage), None);
        await Store.AppendEventsAsync(RunEvents("t1", "r1", 3, EventType.AgentFileChange, EventType.RunFinished), None);
        await Store.AddRunAsync(NewRun("r2", "t1", number: 2), None);
        await Store.AppendEventsAsync(RunEvents("t1", "r2", 1, EventType.RunStarted, EventType.AgentMessage, EventType.GateFinished), None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "t1", To = TaskState.Succeeded, At = T0.AddSeconds(2) }, None);
        await Store.AppendEventsAsync(RunEvents("t2", "r3", 3, EventType.RunFinished), None);
    }

    protected static TaskItem NewTask(string id, int priority = 0, TimeSpan? createdAfter = null, params string[] dependsOn) =>
        Samples.NewTask(id, priority, createdAfter, dependsOn);

    protected static RunRecord NewRun(string id, string taskId, int number = 1) => Samples.NewRun(id, taskId, number);

    /// <summary>Run events with seqs from <paramref name="firstSeq"/>, one per type.</summary>
    protected static List<RunEvent> RunEvents(string taskId, string runId, long firstSeq, params EventType[] types) =>
        types.Select((type, i) => new RunEvent
        {
            Seq = firstSeq + i,
            Ts = T0.AddMilliseconds(firstSeq + i),
            TaskId = taskId,
            RunId = runId,
            Stage = "build",
            Data = EventFields.Of(type, new JsonObject { ["n"] = firstSeq + i, ["run"] = runId }),
        }).ToList();

    /// <summary>Adds the task and walks it to <paramref name="state"/> through legal transitions.</summary>
    protected static Task<TaskItem> AddInStateAsync(IBatonStore store, TaskItem task, TaskState state, DateTimeOffset? notBefore = null) =>
        Samples.AddInStateAsync(store, task, state, notBefore);

    /// <summary>Equal as records, comparing the list properties by content.</summary>
    protected static void Same(TaskItem actual, TaskItem expected)
    {
        actual.DependsOn.ShouldBe(expected.DependsOn);
        actual.Labels.ShouldBe(expected.Labels);
        actual.QualityGates.ShouldBe(expected.QualityGates);
        (actual with { DependsOn = expected.DependsOn, Labels = expected.Labels, QualityGates = expected.QualityGates }).ShouldBe(expected);
    }

    protected static void AssertStateEvent(RunEvent e, string taskId, TaskState from, TaskState to, string? reason, Actor by)
    {
        e.Type.ShouldBe(EventType.TaskState);
        e.TaskId.ShouldBe(taskId);
        e.RunId.ShouldBeNull();
        e.Seq.ShouldBe(0);
        e.Position.ShouldBeGreaterThan(0);
        e.Data.Fields()["state"]!.GetValue<string>().ShouldBe(to.WireName());
        e.Data.Fields()["from"]!.GetValue<string>().ShouldBe(from.WireName());
        (e.Data.Fields()["reason"]?.GetValue<string>()).ShouldBe(reason);
        e.Data.Fields()["by"]!.GetValue<string>().ShouldBe(by.ToString());
    }

    protected static void StrictlyIncreasing(IEnumerable<long> positions)
    {
        var last = 0L;
        foreach (var p in positions)
        {
            p.ShouldBeGreaterThan(last);
            last = p;
        }
    }

    /// <summary>Asserts the call fails (any exception: how a store reports a failed write is not the point here).</summary>
    protected static async Task ThrowsAsync(Func<Task> call)
    {
        Exception? thrown = null;
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        thrown.ShouldNotBeNull("the write was expected to fail");
    }

    [Fact]
    public async Task The_change_stamp_moves_after_every_commit_and_stays_while_nothing_is_written()
    {
        var before = await Store.ChangeStampAsync(None);
        (await Store.ChangeStampAsync(None)).ShouldBe(before, "nothing was written");

        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        var afterTask = await Store.ChangeStampAsync(None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Cancelled, At = T0 }, None);
        var afterMove = await Store.ChangeStampAsync(None);

        afterTask.ShouldNotBe(before);
        afterMove.ShouldNotBe(afterTask);
        (await Store.ChangeStampAsync(None)).ShouldBe(afterMove);
    }
}
