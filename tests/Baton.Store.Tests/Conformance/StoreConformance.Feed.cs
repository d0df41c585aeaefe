using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;
using Baton.Testing;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: events and the feed (positions, filters, paging, concurrent writers).</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- events and the feed

    [Fact]
    public async Task An_empty_store_has_no_events()
    {
        (await Store.LastPositionAsync(None)).ShouldBe(0);
        (await Store.ReadFeedAsync(new FeedQuery(), 100, None)).ShouldBeEmpty();
        (await Store.LastSeqAsync("r1", None)).ShouldBe(0);
        (await Store.AppendEventsAsync([], None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Appended_events_come_back_in_order_with_growing_positions()
    {
        var batch = RunEvents("t", "r1", 1, EventType.RunStarted, EventType.AgentMessage, EventType.AgentCommand);
        batch[1] = batch[1] with { Data = new AgentMessageData { Text = "ünïcödé ✓", Extra = new() { ["nested"] = JsonDocument.Parse("""[1,null,"x"]""").RootElement } } };

        var stored = await Store.AppendEventsAsync(batch, None);

        stored.Count.ShouldBe(3);
        for (var i = 0; i < batch.Count; i++)
        {
            (stored[i] with { Position = 0, Data = batch[i].Data }).ShouldBe(batch[i]);
            stored[i].Data.Fields().ToJsonString().ShouldBe(batch[i].Data.Fields().ToJsonString());
        }

        StrictlyIncreasing(stored.Select(e => e.Position));
        stored[0].Position.ShouldBeGreaterThan(0);
        (await Store.LastPositionAsync(None)).ShouldBe(stored[^1].Position);
        var read = await Store.ReadEventsAsync("r1", 0, 10, None);
        read.Select(e => (e.Position, e.Seq, e.Type)).ShouldBe(stored.Select(e => (e.Position, e.Seq, e.Type)));
        read[1].Data.Fields().ToJsonString().ShouldBe(batch[1].Data.Fields().ToJsonString());
        (await Store.LastSeqAsync("r1", None)).ShouldBe(3);
        (await Store.ReadEventsAsync("r1", 1, 1, None)).ShouldHaveSingleItem().Seq.ShouldBe(2);
    }

    [Fact]
    public async Task Feed_positions_strictly_increase_across_run_and_task_events()
    {
        var positions = new List<(long Position, EventType Type)>();
        void Add(RunEvent e) => positions.Add((e.Position, e.Type));
        void AddAll(IEnumerable<RunEvent> events)
        {
            foreach (var e in events)
            {
                Add(e);
            }
        }

        Add((await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None)).Event!);
        Add((await Store.ClaimNextTaskAsync(Alice, T0.AddHours(1), None))!.Event);
        await Store.AddRunAsync(NewRun("ra", "a") with { Owner = Alice }, None);
        AddAll(await Store.AppendEventsAsync(RunEvents("a", "ra", 1, EventType.RunStarted, EventType.AgentCommand), None));
        Add((await Store.AddTaskAsync(NewTask("b", dependsOn: ["ghost"]), Actor.Baton, None)).Event!);
        AddAll(await Store.AppendEventsAsync(RunEvents("a", "ra", 3, EventType.GateFinished), None));
        Add((await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Gating, At = T0.AddHours(2) }, None))!.Event);
        AddAll((await Store.FailBlockedTasksAsync(T0.AddHours(2), None)).Select(f => f.Event));
        AddAll(await Store.AppendEventsAsync(RunEvents("a", "ra", 4, EventType.RunFinished), None));
        Add((await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Succeeded, At = T0.AddHours(3) }, None))!.Event);

        positions.Count.ShouldBe(10);
        StrictlyIncreasing(positions.Select(p => p.Position));
        var feed = await Store.ReadFeedAsync(new FeedQuery(), 100, None);
        feed.Select(e => (e.Position, e.Type)).ShouldBe(positions);
        (await Store.LastPositionAsync(None)).ShouldBe(positions[^1].Position);
    }

    [Fact]
    public async Task Task_events_cannot_be_appended_directly_and_the_batch_is_refused_whole()
    {
        var taskEvent = TaskEvents.StateChanged("t", TaskState.Queued, TaskState.Running, null, Actor.Baton, T0);
        var batch = RunEvents("t", "r1", 1, EventType.AgentMessage).Append(taskEvent).ToList();

        await Should.ThrowAsync<ArgumentException>(() => Store.AppendEventsAsync([taskEvent], None));
        await Should.ThrowAsync<ArgumentException>(() => Store.AppendEventsAsync(batch, None));

        (await Store.LastPositionAsync(None)).ShouldBe(0);
        (await Store.LastSeqAsync("r1", None)).ShouldBe(0);
    }

    [Fact]
    public async Task A_duplicate_seq_is_a_conflict_and_the_whole_batch_is_discarded()
    {
        await Store.AppendEventsAsync(RunEvents("t", "r1", 1, EventType.AgentMessage, EventType.AgentMessage), None);
        var position = await Store.LastPositionAsync(None);

        var ex = await Should.ThrowAsync<StoreException>(() =>
            Store.AppendEventsAsync(RunEvents("t", "r1", 3, EventType.AgentCommand).Concat(RunEvents("t", "r1", 2, EventType.AgentError)).ToList(), None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
        (await Store.LastSeqAsync("r1", None)).ShouldBe(2);
        (await Store.LastPositionAsync(None)).ShouldBe(position);
        (await Store.ReadEventsAsync("r1", 0, 10, None)).Select(e => e.Type).ShouldBe([EventType.AgentMessage, EventType.AgentMessage]);
        // The same seq in another run is fine.
        (await Store.AppendEventsAsync(RunEvents("t", "r2", 2, EventType.AgentError), None)).ShouldHaveSingleItem().Position.ShouldBeGreaterThan(position);
    }

    [Fact]
    public async Task ReadFeed_filters_by_task_run_and_type_prefix()
    {
        await SeedFeedAsync();
        var all = await Store.ReadFeedAsync(new FeedQuery(), 1_000, None);

        var t1 = await Store.ReadFeedAsync(new FeedQuery(TaskId: "t1"), 1_000, None);
        t1.ShouldAllBe(e => e.TaskId == "t1");
        t1.Where(e => e.IsTaskEvent).Select(e => e.Type).ShouldBe([EventType.TaskQueued, EventType.TaskState, EventType.TaskState]);
        t1.Where(e => !e.IsTaskEvent).Select(e => e.RunId).Distinct().ShouldBe(["r1", "r2"], ignoreOrder: true);
        t1.Count.ShouldBe(3 + 4 + 3);

        var r1 = await Store.ReadFeedAsync(new FeedQuery(RunId: "r1"), 1_000, None);
        r1.ShouldAllBe(e => e.RunId == "r1");
        r1.Select(e => e.Seq).ShouldBe([1L, 2, 3, 4]);

        var agent = await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "agent."), 1_000, None);
        agent.Select(e => e.Type).Distinct().ShouldBe([EventType.AgentCommand, EventType.AgentFileChange, EventType.AgentMessage], ignoreOrder: true);
        agent.Count.ShouldBe(all.Count(e => e.Type.Name().StartsWith("agent.", StringComparison.Ordinal)));

        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "run.finished"), 1_000, None)).Select(e => e.RunId).ShouldBe(["r1", "r3"]);
        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "task."), 1_000, None)).ShouldAllBe(e => e.IsTaskEvent);
        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "agent_"), 1_000, None)).ShouldBeEmpty(); // literal, not a wildcard
        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "agent.file_"), 1_000, None)).ShouldHaveSingleItem().Type.ShouldBe(EventType.AgentFileChange);
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "t1", TypePrefix: "agent."), 1_000, None))
            .ShouldAllBe(e => e.TaskId == "t1" && e.Type.Name().StartsWith("agent.", StringComparison.Ordinal));
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "t1", RunId: "r3"), 1_000, None)).ShouldBeEmpty();
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "ghost"), 1_000, None)).ShouldBeEmpty();

        // Every filter agrees with FeedQuery.Matches over the whole feed.
        FeedQuery[] queries =
        [
            new(), new(TaskId: "t1"), new(TaskId: "t2"), new(RunId: "r2"), new(TypePrefix: "agent."), new(TypePrefix: "task.state"),
            new(TaskId: "t2", TypePrefix: "run."), new(After: all[4].Position, TaskId: "t1"), new(After: all[2].Position, RunId: "r1", TypePrefix: "agent."),
        ];
        foreach (var q in queries)
        {
            (await Store.ReadFeedAsync(q, 1_000, None)).Select(e => e.Position)
                .ShouldBe(all.Where(q.Matches).Select(e => e.Position), $"query {q}");
        }
    }

    [Fact]
    public async Task ReadFeed_pages_by_position_with_After_and_honours_the_limit()
    {
        await SeedFeedAsync();
        var all = await Store.ReadFeedAsync(new FeedQuery(), 1_000, None);
        StrictlyIncreasing(all.Select(e => e.Position));

        foreach (var query in new[] { new FeedQuery(), new FeedQuery(TaskId: "t1"), new FeedQuery(TypePrefix: "agent.") })
        {
            var paged = new List<RunEvent>();
            var after = query.After;
            for (var page = 0; page <= all.Count; page++)
            {
                var next = await Store.ReadFeedAsync(query with { After = after }, 3, None);
                next.Count.ShouldBeLessThanOrEqualTo(3);
                if (next.Count == 0)
                {
                    break;
                }

                next.ShouldAllBe(e => e.Position > after);
                paged.AddRange(next);
                after = next[^1].Position;
            }

            paged.Select(e => e.Position).ShouldBe(all.Where(query.Matches).Select(e => e.Position), $"query {query}");
        }

        (await Store.ReadFeedAsync(new FeedQuery(After: all[^1].Position), 10, None)).ShouldBeEmpty();
        (await Store.ReadFeedAsync(new FeedQuery(After: all[^1].Position + 1_000), 10, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_feed_follower_sees_every_event_once_in_order_while_tasks_are_written_in_parallel()
    {
        var race = await RaceWritersAgainstFollowerAsync([Store], Store, writers: 4, rounds: 30);

        race.Written.Count.ShouldBeGreaterThan(4 * 30 * 2);
    }
}
