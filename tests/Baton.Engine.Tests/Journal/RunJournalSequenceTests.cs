using System.Collections.Concurrent;
using Baton.Engine.Tests.Fakes;
using Baton.Testing;

namespace Baton.Engine.Tests.Journal;

public sealed class RunJournalSequenceTests
{
    [Fact]
    public async Task Events_are_numbered_without_gaps_after_the_last_stored_seq_when_emitted_from_many_threads()
    {
        const long lastSeq = 41;
        const int threads = 8;
        const int perThread = 1500;
        var store = new RecordingEventStore();
        var files = new RecordingRunFiles();
        var returned = new ConcurrentBag<long>();

        await using (var journal = JournalSamples.Open(store, files, lastSeq))
        {
            ManyThreads.Run(threads, t =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    returned.Add(journal.EmitLine(i).Seq);
                }
            });
            journal.LastSeq.ShouldBe(lastSeq + (threads * perThread));
        }

        var expected = Enumerable.Range(1, threads * perThread).Select(i => lastSeq + i).ToList();
        returned.Order().ShouldBe(expected);
        store.Events.Select(e => e.Seq).ShouldBe(expected, "the store receives every seq once, in order");
        files.Events.Select(e => e.Seq).ShouldBe(expected, "the file mirror receives every seq once, in order");
    }

    [Fact]
    public async Task The_first_event_of_a_resumed_run_follows_the_last_stored_seq()
    {
        await using var journal = JournalSamples.Open(new RecordingEventStore(), new RecordingRunFiles(), lastSeq: 7);

        journal.LastSeq.ShouldBe(7);
        journal.EmitLine(1).Seq.ShouldBe(8);
        journal.EmitLine(2).Seq.ShouldBe(9);
        journal.LastSeq.ShouldBe(9);
    }

    [Fact]
    public async Task Every_event_carries_the_run_the_task_the_stage_and_its_data()
    {
        await using var journal = JournalSamples.Open(new RecordingEventStore(), new RecordingRunFiles());

        var evt = journal.EmitLine(3);

        evt.TaskId.ShouldBe("t1");
        evt.RunId.ShouldBe("r1");
        evt.Stage.ShouldBe("build");
        ((string?)evt.Data.Fields()["line"]).ShouldBe("line 3");
    }
}
