using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Engine.Recovery;

namespace Baton.Cli.Commands;

/// <summary><c>baton status [RUN] [--watch] [--interval S]</c>: runs and their stages, live with --watch.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("run") { Arity = ArgumentArity.ZeroOrOne, Description = "A run id (default: recent runs)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh until the run ends (or Ctrl-C)" };
        var interval = new Option<double>("--interval") { DefaultValueFactory = _ => 2, Description = "Seconds between refreshes" };
        var command = new Command("status", "Show runs and their stages") { id, watch, interval };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            if (parse.GetValue(interval) <= 0)
            {
                throw new UserErrorException("--interval must be greater than 0");
            }

            await new RunRecovery(app.Services).RecoverAsync(ct);
            var runId = parse.GetValue(id);
            var position = await app.Store.LastPositionAsync(ct);
            while (true)
            {
                var done = runId is null ? await ListAsync(app, ui, ct) : await ShowAsync(app, ui, runId, ct);
                if (!parse.GetValue(watch) || done)
                {
                    return ExitCodes.Success;
                }

                // Redrawn when the feed says something happened (to this run, or anywhere), else every interval for the clock.
                position = await NextChangeAsync(app, new FeedQuery(position, RunId: runId), TimeSpan.FromSeconds(parse.GetValue(interval)), ct);
                if (ui.Live && !ui.Json)
                {
                    ui.Line("\u001b[2J\u001b[H");
                }
            }
        });
        return command;
    }

    /// <summary>Waits for the first feed event after the query's position, at most <paramref name="wait"/>; returns the new position.</summary>
    private static async Task<long> NextChangeAsync(BatonApp app, FeedQuery query, TimeSpan wait, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            await foreach (var e in app.Feed.ReadAsync(query, follow: true, timeout.Token))
            {
                // Let the rest of a burst land, so one redraw shows it.
                await Task.Delay(100, ct);
                return Math.Max(e.Position, await app.Store.LastPositionAsync(ct));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The interval passed with nothing new: redraw for the clock.
        }

        return query.After;
    }

    private static async Task<bool> ListAsync(BatonApp app, Ui ui, CancellationToken ct)
    {
        var runs = await app.Store.ListRunsAsync(30, ct);
        var waiting = await app.Desk.WaitingAsync(ct);
        var now = app.Services.Time.GetUtcNow();
        ui.Result(runs, static j => j.IReadOnlyListRunRecord, u =>
        {
            if (runs.Count == 0)
            {
                u.Line("no runs yet; start one with `baton run \"…\"`");
                return;
            }

            Table.Print(u, ["RUN", "TASK", "STATE", "STAGE", "ELAPSED", "REASON"], runs.Select(r => new[]
            {
                r.Id, r.TaskId, r.State.WireName(), r.CurrentStage ?? "-", Elapsed(r, now), r.Reason is { } reason ? reason.WireName() : "-",
            }));
            if (waiting.Count > 0)
            {
                u.Line();
                u.Line(u.Paint($"{waiting.Count} waiting for a person:", Colors.Yellow + Colors.Bold));
                foreach (var q in waiting)
                {
                    u.Line($"  run {q.RunId} (task {q.TaskId}, {q.Kind.WireName()} {q.Id}): {q.Question} — `baton approve {q.RunId}` or `baton deny {q.RunId}`");
                }
            }
        });
        return false;
    }

    private static async Task<bool> ShowAsync(BatonApp app, Ui ui, string runId, CancellationToken ct)
    {
        var run = await Lookup.RunAsync(app, runId, ct);
        var task = await app.Store.GetTaskAsync(run.TaskId, ct);
        var stages = await app.Store.ListStagesAsync(run.Id, ct);
        var now = app.Services.Time.GetUtcNow();
        ui.Result(new RunDetail(run, task, stages), static j => j.RunDetail, u =>
        {
            u.Line($"run {run.Id}  {run.State.WireName()}{(run.Reason is { } r ? $" ({r.WireName()})" : "")}  {Elapsed(run, now)}");
            u.Line($"  task     {run.TaskId}  {task?.Title}");
            u.Line($"  branch   {run.Branch ?? "-"}");
            if (run.Message is not null)
            {
                u.Line($"  message  {run.Message}");
            }

            foreach (var s in stages)
            {
                u.Line($"  {s.State.WireName(),-9} {s.StageId} (attempt {s.Attempt}, try {s.Tries}){(s.ExitCode is { } code ? $" exit {code}" : "")}{(s.Error is null ? "" : " — " + s.Error)}");
            }
        });
        return run.State.IsTerminal() || run.State == RunState.Interrupted;
    }

    private static string Elapsed(RunRecord run, DateTimeOffset now)
    {
        var start = run.StartedAt ?? run.CreatedAt;
        var end = run.FinishedAt ?? (run.State.IsActive() ? now : run.HeartbeatAt ?? now);
        var span = end - start;
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : $"{span.Minutes:00}:{span.Seconds:00}";
    }
}
