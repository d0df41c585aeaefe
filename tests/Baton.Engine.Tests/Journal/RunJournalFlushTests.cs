using Baton.Engine.Tests.Fakes;

namespace Baton.Engine.Tests.Journal;

public sealed class RunJournalFlushTests
{
    /// <summary>RunJournal's batch size: the most events one store append should carry.</summary>
    private const int BatchSize = 2000;

    [Fact]
    public async Task Flush_writes_each_batch_to_the_store_before_the_file_mirror_and_in_seq_order()
    {
        var log = new EventWriteLog();
        await using var journal = JournalSamples.Open(new RecordingEventStore(log), new RecordingRunFiles(log));

        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 300; i++)
            {
                journal.EmitLine(i);
            }

            await journal.FlushAsync();
        }

        var writes = log.Writes;
        writes.Count.ShouldBeGreaterThan(0);
        writes.Count.ShouldBe(writes.Count / 2 * 2, "every store write has its mirror write");
        for (var i = 0; i < writes.Count; i += 2)
        {
            writes[i].Sink.ShouldBe(RecordingEventStore.SinkName, "the store, the source of truth, is written first");
            writes[i + 1].Sink.ShouldBe(RecordingRunFiles.SinkName);
            writes[i + 1].Seqs.ShouldBe(writes[i].Seqs, "the mirror gets the same batch");
        }

        var stored = writes.Where(w => w.Sink == RecordingEventStore.SinkName).SelectMany(w => w.Seqs).ToList();
        stored.ShouldBe(Enumerable.Range(1, 1500).Select(i => (long)i), "seqs reach the store in order, each once");
    }

    [Fact]
    public async Task Flush_returns_only_when_everything_emitted_before_it_is_in_the_store_and_the_files()
    {
        var store = new RecordingEventStore();
        var files = new RecordingRunFiles();
        await using var journal = JournalSamples.Open(store, files);

        for (var i = 0; i < 10; i++)
        {
            journal.EmitLine(i);
        }

        await journal.FlushAsync();

        store.Events.Count.ShouldBe(10);
        files.Events.Count.ShouldBe(10);
    }

    [Fact]
    public async Task Flush_with_nothing_pending_writes_nothing()
    {
        var store = new RecordingEventStore();
        var files = new RecordingRunFiles();
        await using var journal = JournalSamples.Open(store, files);

        await journal.FlushAsync();

        store.AppendsStarted.ShouldBe(0);
        files.Batches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Batches_written_to_the_store_never_exceed_the_batch_size_even_when_the_store_falls_behind()
    {
        var store = new RecordingEventStore();
        var files = new RecordingRunFiles();
        await using var journal = JournalSamples.Open(store, files);
        var slowStore = store.HoldAppends();
        journal.EmitLine(0);
        var firstFlush = journal.FlushAsync();
        (await Eventually.TrueAsync(() => store.AppendsStarted == 1, TimeSpan.FromSeconds(10))).ShouldBeTrue("the first append is under way");

        for (var i = 1; i <= 3 * BatchSize; i++)
        {
            journal.EmitLine(i);
        }

        slowStore.SetResult();
        await firstFlush;
        await journal.FlushAsync();

        store.Events.Count.ShouldBe((3 * BatchSize) + 1);
        store.Batches.ShouldAllBe(b => b.Count <= BatchSize);
    }

    [Fact]
    public async Task Dispose_writes_events_that_were_emitted_but_never_flushed()
    {
        var store = new RecordingEventStore();
        var files = new RecordingRunFiles();
        var journal = JournalSamples.Open(store, files);
        for (var i = 0; i < 25; i++)
        {
            journal.EmitLine(i);
        }

        await journal.DisposeAsync();

        store.Events.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, 25).Select(i => (long)i));
        files.Events.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, 25).Select(i => (long)i));
    }

    [Fact]
    public async Task Dispose_waits_for_a_write_already_under_way_and_loses_nothing_emitted_meanwhile()
    {
        var store = new RecordingEventStore();
        var files = new RecordingRunFiles();
        var journal = JournalSamples.Open(store, files);
        var slowStore = store.HoldAppends();
        journal.EmitLine(0);
        var flush = journal.FlushAsync();
        (await Eventually.TrueAsync(() => store.AppendsStarted == 1, TimeSpan.FromSeconds(10))).ShouldBeTrue();
        for (var i = 1; i < 100; i++)
        {
            journal.EmitLine(i);
        }

        var dispose = journal.DisposeAsync().AsTask();
        slowStore.SetResult();
        await flush;
        await dispose;

        store.Events.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
        files.Events.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
    }
}
