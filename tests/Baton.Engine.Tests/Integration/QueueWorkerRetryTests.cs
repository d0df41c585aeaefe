using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Fakes;
using Baton.Testing;

namespace Baton.Engine.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class QueueWorkerRetryTests
{
    /// <summary>Counts its runs in a file outside the workspace, which survives from one run to the next.</summary>
    private const string CountingAgent = """
        n=$(cat "$SCRATCH/count" 2>/dev/null || echo 0)
        echo $((n + 1)) > "$SCRATCH/count"
        """;

    private readonly AdjustableClock _clock = new();

    /// <summary>One builder attempt per run, and a gate that passes only once the agent has run twice.</summary>
    private Task<EngineHarness> HarnessAsync() => EngineHarness.CreateAsync(
        scratch => EngineHarness.ShellAgentConfig(scratch, CountingAgent, [$"test \"$(cat '{Path.Combine(scratch, "count")}')\" -ge 2"], builderAttempts: 1),
        _clock);

    private async Task<QueueSummary> DrainAsync(EngineHarness h)
    {
        // The moment a failed run puts its task back to wait, let the back-off elapse instead of waiting seconds for it.
        var observer = new RecordingObserver(e =>
        {
            if (e.Type == EventType.RunFinished && (string?)e.Data.Fields()["task_state"] == "waiting")
            {
                _clock.Advance(TimeSpan.FromHours(1));
            }
        });
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var summary = await new QueueWorker(h.Services, observer) { PollInterval = TimeSpan.FromMilliseconds(200) }.RunAsync(QueueMode.Drain, shutdown.Token);
        summary.Interrupted.ShouldBeFalse("the queue drained before the safety timeout");
        return summary;
    }

    [Fact]
    public async Task A_task_with_two_attempts_whose_first_run_fails_gets_a_second_run()
    {
        await using var h = await HarnessAsync();
        var task = await h.AddTaskAsync("flaky", maxAttempts: 2);

        var summary = await DrainAsync(h);

        summary.Runs.Select(r => (r.State, r.Reason)).ShouldBe([(RunState.Failed, RunReason.GateFailed), (RunState.Succeeded, RunReason.GatesPassed)]);
        var stored = (await h.Store.GetTaskAsync(task.Id, CancellationToken.None))!;
        (stored.State, stored.Attempts).ShouldBe((TaskState.Succeeded, 2));
        (await h.Store.ListRunsForTaskAsync(task.Id, CancellationToken.None)).Select(r => (r.Number, r.State))
            .ShouldBe([(1, RunState.Failed), (2, RunState.Succeeded)]);
        File.ReadAllText(h.ScratchFile("count")).Trim().ShouldBe("2");
    }

    [Fact]
    public async Task A_task_with_one_attempt_fails_with_its_first_failed_run()
    {
        await using var h = await HarnessAsync();
        var task = await h.AddTaskAsync("flaky", maxAttempts: 1);

        var summary = await DrainAsync(h);

        summary.Runs.ShouldHaveSingleItem().Reason.ShouldBe(RunReason.GateFailed);
        var stored = (await h.Store.GetTaskAsync(task.Id, CancellationToken.None))!;
        (stored.State, stored.Attempts).ShouldBe((TaskState.Failed, 1));
        File.ReadAllText(h.ScratchFile("count")).Trim().ShouldBe("1");
    }
}
