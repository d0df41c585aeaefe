using System.Globalization;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Matrix.Bridge;

/// <summary>The one-line status of a task room: state, stage, elapsed time, tokens and cost.</summary>
public static class StatusText
{
    public static string Of(TaskItem task, RunRecord? run, RunTally? tally, DateTimeOffset now)
    {
        var parts = new List<string> { $"{Icon(task, run)} {Label(task, run)}", ChatContent.Line(task.Title, 80) };
        if (run is not null)
        {
            if (run.CurrentStage is { } stage && !run.State.IsTerminal())
            {
                parts.Add($"stage {stage}");
            }

            if (run.StartedAt is { } started)
            {
                parts.Add(Durations.Format((run.FinishedAt ?? now) - started));
            }

            parts.Add($"run {run.Number}");
        }

        if (tally is { Tokens: > 0 })
        {
            parts.Add(tally.Tokens.ToString("N0", CultureInfo.InvariantCulture) + " tokens");
        }

        if (tally?.CostUsd is { } cost)
        {
            parts.Add("$" + cost.ToString("0.####", CultureInfo.InvariantCulture));
        }

        if (run?.State.IsTerminal() == true && run.Reason is { } reason)
        {
            parts.Add(reason.WireName().Replace('_', ' '));
        }

        return string.Join(" · ", parts);
    }

    private static string Label(TaskItem task, RunRecord? run) =>
        run is null || (task.State.IsTerminal() && run.State.IsTerminal()) ? task.State.WireName() : run.State.WireName();

    private static string Icon(TaskItem task, RunRecord? run) => (run?.State, task.State) switch
    {
        (RunState.Succeeded, _) => "✅",
        (RunState.Failed, _) => "❌",
        (RunState.Stopped, _) => "⏹",
        (RunState.Interrupted, _) => "⏸",
        (null, TaskState.Queued or TaskState.Waiting) => "🕓",
        _ => "⏳",
    };
}
