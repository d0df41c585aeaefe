using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Core.Events;
using Baton.Core.Text;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton events [--follow] [--after POS] [--task T] [--run R] [--type PREFIX]</c>: the global event feed, replay then
/// live, one JSON object a line (each with its position) with <c>--format json</c>, else one line for people.
/// </summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events as they are stored (Ctrl-C stops)" };
        var after = new Option<long>("--after") { Description = "Only events after this position (resume where you were)" };
        var task = new Option<string?>("--task") { Description = "Only this task's events (its task events and all its runs')" };
        var run = new Option<string?>("--run") { Description = "Only this run's events" };
        var type = new Option<string?>("--type") { Description = "Only types starting with this (agent., run.finished, task.)" };
        var command = new Command("events", "The global event feed, one event a line: what is stored, then live with --follow") { follow, after, task, run, type };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            if (parse.GetValue(after) < 0)
            {
                throw new UserErrorException("--after must be a position (0 or more), as printed in each event's \"position\"");
            }

            var query = new FeedQuery(parse.GetValue(after), parse.GetValue(task), parse.GetValue(run), parse.GetValue(type));
            var output = Console.Out;
            try
            {
                await foreach (var e in app.Feed.ReadAsync(query, parse.GetValue(follow), ct))
                {
                    await output.WriteLineAsync(ui.Json ? BatonJson.Serialize(e) : $"{e.Position,8} {(e.TaskId + (e.RunId is null ? "" : "/" + e.RunId)),-30} {EventText.Render(e)}");
                    await output.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C ends a follow: what was printed is complete, and --after resumes from its last position.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
