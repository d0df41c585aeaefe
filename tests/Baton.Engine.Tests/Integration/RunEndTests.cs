using Baton.Core.Model;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Tests.Integration;

/// <summary>
/// What a run writes as it ends: nothing after its <c>run.finished</c>, and its event file holds every event the store
/// holds. Found under load (1,000 runs in one serve): a heartbeat that came due while a run was finishing wrote a
/// <c>run.heartbeat</c> after <c>run.finished</c>, and the journal flushed it after the run's files had closed — the
/// store had the event, <c>events.ndjson</c> did not, and the log said "events could not be written".
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunEndTests
{
    [Fact]
    public async Task A_heartbeat_due_as_a_run_ends_writes_no_event_after_run_finished_and_the_event_file_holds_the_store_s_events()
    {
        // Every beat comes due for an event (both intervals a millisecond), so beats are in flight whenever a run finishes.
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var h = await EngineHarness.CreateAsync(
            scratch => EngineHarness.ShellAgentConfig(scratch, "echo x > f.txt; sleep 0.05", ["test -f f.txt"], maxConcurrentRuns: 4),
            adjust: s => s with { HeartbeatInterval = TimeSpan.FromMilliseconds(1), HeartbeatEventInterval = TimeSpan.FromMilliseconds(1), Logs = new QueueLogs(logs) });
        for (var i = 0; i < 12; i++)
        {
            await h.AddTaskAsync($"task {i}");
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var summary = await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(50) }.RunAsync(QueueMode.Drain, stop.Token);

        summary.Runs.Count.ShouldBe(12, "every run's outcome reached the worker: " + string.Join("\n", logs));
        summary.Runs.ShouldAllBe(r => r.Succeeded);
        var beats = 0;
        foreach (var run in summary.Runs)
        {
            var stored = await h.Store.ReadEventsAsync(run.RunId, 0, 100_000, CancellationToken.None);
            beats += stored.Count(e => e.Type == Core.Events.EventType.RunHeartbeat);
            stored[^1].Type.ShouldBe(Core.Events.EventType.RunFinished, $"run {run.RunId}: nothing after run.finished ({string.Join(", ", stored.Select(e => e.Type))})");
            var file = Directory.GetFiles(Path.Combine(h.StateDir, "runs"), "events.ndjson", SearchOption.AllDirectories)
                .Single(f => f.Contains(run.RunId, StringComparison.Ordinal));
            File.ReadAllLines(file).Length.ShouldBe(stored.Count, $"run {run.RunId}: the event file holds every stored event");
        }

        beats.ShouldBeGreaterThan(0, "the heartbeat wrote events while the runs ran (the test exercises it)");
        logs.ShouldNotContain(l => l.Contains("could not be written", StringComparison.Ordinal));
    }
}
