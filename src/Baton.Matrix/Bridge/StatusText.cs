using System.Globalization;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Matrix.Bridge;

/// <summary>The one-line status of a task room, from the task's events: state, stage, elapsed time, tokens and cost.</summary>
public static class StatusText
{
    public static string Of(TaskView view, DateTimeOffset now)
    {
        var parts = new List<string> { $"{Icon(view)} {Label(view)}", ChatContent.Line(view.Title, 80) };
        if (view.RunId is not null)
        {
            if (view.Stage is { } stage && view.RunState?.IsTerminal() != true)
            {
                parts.Add($"stage {stage}");
            }

            if (view.RunStartedAt is { } started)
            {
                parts.Add(Durations.Format((view.RunFinishedAt ?? now) - started));
            }

            parts.Add($"run {view.RunNumber}");
        }

        if (view.Tokens > 0)
        {
            parts.Add(view.Tokens.ToString("N0", CultureInfo.InvariantCulture) + " tokens");
        }

        if (view.CostUsd is { } cost)
        {
            parts.Add("$" + cost.ToString("0.####", CultureInfo.InvariantCulture));
        }

        if (view.RunState?.IsTerminal() == true && view.Reason is { } reason)
        {
            parts.Add(reason.Replace('_', ' '));
        }

        return string.Join(" · ", parts);
    }

    private static string Label(TaskView view) =>
        view.RunState is not { } run || (view.TaskState?.IsTerminal() == true && run.IsTerminal())
            ? view.TaskState?.WireName() ?? "queued"
            : run.WireName();

    private static string Icon(TaskView view) => (view.RunState, view.TaskState) switch
    {
        (RunState.Succeeded, _) => "✅",
        (RunState.Failed, _) => "❌",
        (RunState.Stopped, _) => "⏹",
        (RunState.Interrupted, _) => "⏸",
        (null, TaskState.Queued or TaskState.Waiting or null) => "🕓",
        _ => "⏳",
    };
}
