using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Cli.Commands;

/// <summary>The end-of-run summary: outcome, branch, stages, gates, where the files are.</summary>
public static class RunSummary
{
    public static async Task PrintAsync(BatonApp app, Ui ui, RunOutcome outcome)
    {
        var run = await app.Store.GetRunAsync(outcome.RunId, CancellationToken.None);
        var stages = await app.Store.ListStagesAsync(outcome.RunId, CancellationToken.None);
        var dir = Path.Combine(app.Services.StateDir, "runs", outcome.TaskId, outcome.RunId);
        var result = new RunSummaryResult(outcome.TaskId, outcome.RunId, outcome.State, outcome.Reason, outcome.Message, run?.Branch, run?.Workspace, stages, dir);
        ui.Result(result, static j => j.RunSummaryResult, u =>
        {
            var color = outcome.Succeeded ? Colors.Green : Colors.Red;
            u.Line();
            u.Line(u.Paint($"run {outcome.RunId} {outcome.State.ToString().ToLowerInvariant()} ({Names.Of(outcome.Reason)})", color + Colors.Bold)
                + (outcome.Message is null ? "" : $": {outcome.Message}"));
            u.Line($"  task    {outcome.TaskId}");
            if (run?.Branch is { } branch)
            {
                u.Line($"  branch  {branch}");
            }

            foreach (var s in stages)
            {
                var mark = s.State == StageState.Succeeded ? "✔" : s.State == StageState.Failed ? (s.AllowedFailure ? "!" : "✖") : "·";
                var secs = s.StartedAt is { } a && s.FinishedAt is { } b ? $" {(b - a).TotalSeconds:0.0}s" : "";
                u.Line($"  {mark} {s.StageId} (attempt {s.Attempt}){secs}{(s.Error is null ? "" : " — " + s.Error)}");
            }

            u.Line($"  files   {dir}");
            if (outcome.State == RunState.Interrupted)
            {
                u.Line($"  resume  baton resume {outcome.RunId}");
            }
            else if (outcome.State == RunState.NeedsInput)
            {
                u.Line($"  answer  baton approve {outcome.RunId}  |  baton deny {outcome.RunId} --reason …  (then `baton resume {outcome.RunId}`, or a running `baton serve` goes on)");
            }
        });
    }
}
