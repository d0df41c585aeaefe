using System.Globalization;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class QueueWorkerConcurrencyTests
{
    private const int Limit = 2;

    /// <summary>
    /// Records its start, waits (with a deadline) until a second run has started so that runs really overlap when the
    /// limit allows it, holds its slot a little longer, then records its end.
    /// </summary>
    private const string OverlappingAgent = """
        echo "start $BATON_TASK_ID $(date +%s%N)" >> "$SCRATCH/order"
        deadline=$((SECONDS + 10))
        until [ "$(grep -c start "$SCRATCH/order")" -ge 2 ] || [ "$SECONDS" -ge "$deadline" ]; do sleep 0.05; done
        sleep 0.3
        echo "end $BATON_TASK_ID $(date +%s%N)" >> "$SCRATCH/order"
        """;

    [Fact]
    public async Task Drain_never_runs_more_tasks_at_once_than_max_concurrent_runs()
    {
        await using var h = await EngineHarness.CreateAsync(scratch => EngineHarness.ShellAgentConfig(scratch, OverlappingAgent, [], maxConcurrentRuns: Limit));
        var tasks = new List<TaskItem>();
        for (var i = 0; i < 5; i++)
        {
            tasks.Add(await h.AddTaskAsync($"task {i}"));
        }

        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var summary = await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(200) }.RunAsync(QueueMode.Drain, shutdown.Token);

        summary.Interrupted.ShouldBeFalse("the queue drained before the safety timeout");
        summary.Runs.Count.ShouldBe(5);
        summary.Runs.ShouldAllBe(r => r.Succeeded);
        var lines = File.ReadAllLines(h.ScratchFile("order")).Select(l => l.Split(' ')).ToList();
        var start = lines.Where(l => l[0] == "start").ToDictionary(l => l[1], l => long.Parse(l[2], CultureInfo.InvariantCulture));
        var end = lines.Where(l => l[0] == "end").ToDictionary(l => l[1], l => long.Parse(l[2], CultureInfo.InvariantCulture));
        start.Keys.ShouldBe(tasks.Select(t => t.Id), ignoreOrder: true);
        var mostAtOnce = start.Keys.Max(t => start.Keys.Count(o => start[o] <= start[t] && end[o] > start[t]));
        mostAtOnce.ShouldBe(Limit, "runs overlap up to the limit and never beyond it");
        (await h.Store.ListTasksAsync(new TaskQuery(), CancellationToken.None)).ShouldAllBe(t => t.State == TaskState.Succeeded);
    }
}
