using System.Collections.Concurrent;
using Baton.Core.Events;
using Baton.Engine.Tests.Fakes;

namespace Baton.Engine.Tests.Journal;

public sealed class RunJournalListenerTests
{
    [Fact]
    public async Task Emitted_listeners_see_every_event_once_even_when_emitted_from_many_threads()
    {
        const int threads = 6;
        const int perThread = 1000;
        await using var journal = JournalSamples.Open(new RecordingEventStore(), new RecordingRunFiles());
        var seen = new ConcurrentBag<long>();
        var seenBySecond = new ConcurrentBag<long>();
        journal.Emitted += e => seen.Add(e.Seq);
        journal.Emitted += e => seenBySecond.Add(e.Seq);

        ManyThreads.Run(threads, _ =>
        {
            for (var i = 0; i < perThread; i++)
            {
                journal.EmitLine(i);
            }
        });

        var all = Enumerable.Range(1, threads * perThread).Select(i => (long)i).ToList();
        seen.Order().ShouldBe(all);
        seenBySecond.Order().ShouldBe(all);
    }

    [Fact]
    public async Task A_listener_has_the_event_before_Emit_returns()
    {
        await using var journal = JournalSamples.Open(new RecordingEventStore(), new RecordingRunFiles());
        RunEvent? seen = null;
        journal.Emitted += e => seen = e;

        var emitted = journal.EmitLine(1);

        seen.ShouldBeSameAs(emitted);
    }
}
