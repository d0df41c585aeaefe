using System.CommandLine;
using System.Globalization;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Events;
using Baton.Core.Metrics;

namespace Baton.Cli.Commands;

/// <summary><c>baton metrics [--prometheus]</c>: the figures <c>/metrics</c> serves, folded from the event feed, for the terminal.</summary>
public static class MetricsCommand
{
    public static Command Create()
    {
        var prometheus = new Option<bool>("--prometheus") { Description = "Print the Prometheus text exposition (what GET /metrics serves)" };
        var command = new Command("metrics", "Runs by state, queue depth and oldest waiting task, gate results, agent errors, tokens and cost by agent and project") { prometheus };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var fold = new MetricsFold();
            await foreach (var e in app.Feed.ReadAsync(new FeedQuery(), follow: false, ct))
            {
                fold.Apply(e);
            }

            var now = app.Services.Time.GetUtcNow();
            if (parse.GetValue(prometheus))
            {
                Console.Out.Write(fold.Prometheus(now));
                return ExitCodes.Success;
            }

            var summary = fold.Summary(now);
            ui.Result(summary, static j => j.MetricsSummary, u => Print(u, summary));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(Ui u, MetricsSummary s)
    {
        u.Line($"runs: {(s.Runs.Count == 0 ? "none yet" : string.Join(", ", s.Runs.Select(r => $"{r.Value} {r.Key}")))}" +
            (s.RunSecondsMean is { } mean ? $" (finished runs took {mean.ToString("0.0", CultureInfo.InvariantCulture)} s on average)" : ""));
        u.Line($"queue: {s.QueueDepth} waiting{(s.OldestWaitingSeconds is { } oldest ? $", the oldest for {TimeSpan.FromSeconds(Math.Round(oldest))}" : "")}");
        u.Line($"gates: {s.GatesPassed} passed, {s.GatesFailed} failed");
        if (s.AgentErrors.Count > 0)
        {
            u.Line($"agent errors: {string.Join(", ", s.AgentErrors.Select(e => $"{e.Value} {e.Key}"))}");
        }

        foreach (var row in s.Usage)
        {
            u.Line($"tokens: {row.Agent}{(row.Project.Length > 0 ? $" on {row.Project}" : "")}: {row.InputTokens:N0} in, {row.OutputTokens:N0} out, ${row.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)}");
        }
    }
}
