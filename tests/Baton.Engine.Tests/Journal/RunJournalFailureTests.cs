using Baton.Engine.Tests.Fakes;

namespace Baton.Engine.Tests.Journal;

public sealed class RunJournalFailureTests
{
    [Fact]
    public async Task A_store_failure_in_the_background_is_rethrown_by_the_next_flush()
    {
        var store = new ThrowingEventStore();
        var journal = JournalSamples.Open(store, new RecordingRunFiles());
        journal.EmitLine(1);

        (await Eventually.TrueAsync(() => store.Attempts > 0, TimeSpan.FromSeconds(10))).ShouldBeTrue("the background flusher tried to write");
        var error = await Should.ThrowAsync<IOException>(() => journal.FlushAsync());

        error.InnerException.ShouldBeSameAs(store.Failure);
        error.Message.ShouldContain("r1");
        await Should.ThrowAsync<IOException>(async () => await journal.DisposeAsync());
    }

    [Fact]
    public async Task A_store_failure_during_an_explicit_flush_is_thrown_and_every_later_flush_fails_too()
    {
        var store = new ThrowingEventStore();
        var journal = JournalSamples.Open(store, new RecordingRunFiles());
        var failure = store.Failure;

        // The background flusher may get there first; either way the flush that follows must fail.
        journal.EmitLine(1);
        var first = await Should.ThrowAsync<IOException>(() => journal.FlushAsync());
        (first == failure || first.InnerException == failure).ShouldBeTrue();
        journal.EmitLine(2);
        var second = await Should.ThrowAsync<IOException>(() => journal.FlushAsync());

        second.InnerException.ShouldBeSameAs(failure);
        await Should.ThrowAsync<IOException>(async () => await journal.DisposeAsync());
    }

    [Fact]
    public async Task Events_the_store_refused_never_reach_the_file_mirror()
    {
        var files = new RecordingRunFiles();
        var journal = JournalSamples.Open(new ThrowingEventStore(), files);
        journal.EmitLine(1);

        await Should.ThrowAsync<IOException>(() => journal.FlushAsync());
        await Should.ThrowAsync<IOException>(async () => await journal.DisposeAsync());

        files.Events.ShouldBeEmpty("the mirror follows the source of truth, never leads it");
    }
}
