using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Store;
using Baton.Testing;
using Xunit.Abstractions;

namespace Baton.Store.Tests;

public sealed class EventStoreTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Events_come_back_in_seq_order_without_gaps_exactly_as_appended()
    {
        await using var scope = await StoreScope.OpenAsync();
        var events = Samples.NewEvents("r1", 1, 10);
        events[3] = events[3] with { Stage = null, Data = EventFields.Of(EventType.RunState, new JsonObject { ["nested"] = new JsonObject { ["a"] = new JsonArray(1, "two", null) } }) };

        var later = await scope.Store.AppendEventsAsync(events[5..], None);
        var earlier = await scope.Store.AppendEventsAsync(events[..5], None);
        var read = await scope.Store.ReadEventsAsync("r1", 0, 100, None);

        read.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, 10).Select(i => (long)i));
        // Positions follow the order of appending, not seq: the second batch comes after the first in the feed.
        later.Select(e => e.Position).ShouldBe([1L, 2, 3, 4, 5]);
        earlier.Select(e => e.Position).ShouldBe([6L, 7, 8, 9, 10]);
        var stored = earlier.Concat(later).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            (stored[i] with { Position = 0 }).ShouldBe(events[i]);
            (read[i] with { Data = events[i].Data }).ShouldBe(stored[i]);
            read[i].Data.Fields().ToJsonString().ShouldBe(events[i].Data.Fields().ToJsonString());
        }
    }

    [Fact]
    public async Task Appending_nothing_stores_nothing()
    {
        await using var scope = await StoreScope.OpenAsync();

        (await scope.Store.AppendEventsAsync([], None)).ShouldBeEmpty();
        (await scope.Store.LastPositionAsync(None)).ShouldBe(0);
    }

    [Fact]
    public async Task Reading_resumes_after_a_seq_and_honours_the_limit()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AppendEventsAsync(Samples.NewEvents("r1", 1, 20), None);
        await scope.Store.AppendEventsAsync(Samples.NewEvents("r2", 1, 5), None);

        var page = await scope.Store.ReadEventsAsync("r1", 7, 5, None);

        page.Select(e => e.Seq).ShouldBe([8L, 9, 10, 11, 12]);
        page.ShouldAllBe(e => e.RunId == "r1");
        (await scope.Store.ReadEventsAsync("r1", 20, 5, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task LastSeq_is_zero_for_a_run_without_events_and_the_highest_seq_otherwise()
    {
        await using var scope = await StoreScope.OpenAsync();

        (await scope.Store.LastSeqAsync("r1", None)).ShouldBe(0);
        await scope.Store.AppendEventsAsync(Samples.NewEvents("r1", 1, 42), None);
        (await scope.Store.LastSeqAsync("r1", None)).ShouldBe(42);
    }

    [Fact]
    public async Task A_duplicate_seq_is_rejected_and_the_whole_batch_is_discarded()
    {
        await using var scope = await StoreScope.OpenAsync();
        var original = Samples.NewEvents("r1", 1, 3);
        await scope.Store.AppendEventsAsync(original, None);

        var batch = Samples.NewEvents("r1", 4, 3).Append(Samples.NewEvent("r1", 2, EventType.AgentError)).ToList();
        var ex = await Should.ThrowAsync<StoreException>(() => scope.Store.AppendEventsAsync(batch, None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
        ex.Message.ShouldContain("Event 2 of run r1");
        var stored = await scope.Store.ReadEventsAsync("r1", 0, 100, None);
        stored.Select(e => e.Seq).ShouldBe([1L, 2, 3]);
        stored[1].Type.ShouldBe(EventType.AgentCommand);
        (await scope.Store.LastPositionAsync(None)).ShouldBe(3);
        (await scope.Store.AppendEventsAsync(Samples.NewEvents("r1", 4, 1), None)).ShouldHaveSingleItem().Position.ShouldBe(4);
    }

    [Fact]
    public async Task Event_types_are_stored_as_dotted_wire_names()
    {
        await using var scope = await StoreScope.OpenAsync();

        await scope.Store.AppendEventsAsync([Samples.NewEvent("r1", 1, EventType.AgentFileChange)], None);

        (await MigrationTests.CountAsync(scope.DatabasePath,
            "SELECT count(*) FROM events WHERE type = 'agent.file_change' AND ts = '2026-11-22T10:00:00.124Z'")).ShouldBe(1);
    }

    /// <summary>
    /// 130,000 events in batches of 1,000 land gap-free with their positions. The rate is printed, not asserted: speed
    /// is the benchmark's to check (bench (c)), and a timed unit test flakes on a shared machine.
    /// </summary>
    [Fact]
    public async Task Appending_many_batches_keeps_every_event_in_order_and_prints_the_rate()
    {
        await using var scope = await StoreScope.OpenAsync();
        const int batch = 1_000;
        const int warmUp = 30;
        const int measured = 100;
        var all = Enumerable.Range(0, warmUp + measured).Select(b => Samples.NewEvents("r1", 1 + (b * batch), batch)).ToList();
        for (var b = 0; b < warmUp; b++)
        {
            await scope.Store.AppendEventsAsync(all[b], None); // JIT tiering, page cache, WAL growth
        }

        var perBatch = new List<double>();
        var total = Stopwatch.StartNew();
        for (var b = warmUp; b < all.Count; b++)
        {
            var clock = Stopwatch.StartNew();
            await scope.Store.AppendEventsAsync(all[b], None);
            perBatch.Add(clock.Elapsed.TotalSeconds);
        }

        var perSecond = batch * measured / total.Elapsed.TotalSeconds;
        perBatch.Sort();
        output.WriteLine(
            $"SqliteStore.AppendEventsAsync, {measured} batches of {batch}: {perSecond:N0} events/s overall, " +
            $"{batch / perBatch[measured / 2]:N0} events/s in the median batch");
        (await scope.Store.LastSeqAsync("r1", None)).ShouldBe((warmUp + measured) * batch);
        (await scope.Store.LastPositionAsync(None)).ShouldBe((warmUp + measured) * batch);
    }
}
