using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Engine.Feed;

namespace Baton.Cli.Commands;

/// <summary><c>baton logs RUN [--follow] [--stage S]</c>: a run's events as text (or NDJSON with --format json).</summary>
public static class LogsCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("run");
        var followOption = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until the run ends" };
        var stage = new Option<string?>("--stage") { Description = "Only this stage's events, followed by its raw output log" };
        var command = new Command("logs", "A run's event stream rendered as text") { id, followOption, stage };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var run = await Lookup.RunAsync(app, parse.GetValue(id)!, ct);
            var only = parse.GetValue(stage);
            // Read before the run's state: an end stored after this position is the one to stop at (earlier
            // interruptions of a resumed run are history).
            var start = await app.Store.LastPositionAsync(ct);
            run = await Lookup.RunAsync(app, run.Id, ct);
            var follow = parse.GetValue(followOption) && !(run.State.IsTerminal() || run.State == RunState.Interrupted);
            var runDir = Path.Combine(app.Services.StateDir, "runs", run.TaskId, run.Id);
            var seen = 0;
            await foreach (var evt in app.Feed.ReadAsync(new FeedQuery(RunId: run.Id), follow, ct))
            {
                seen++;
                if (only is null || evt.Stage == only)
                {
                    Console.Out.WriteLine(ui.Json ? BatonJson.Serialize(evt) : EventText.Render(evt));
                }

                if (follow && (evt.Type == EventType.RunFinished || (evt.Position > start && RunEnd.IsEnd(evt))))
                {
                    break;
                }
            }

            if (seen == 0 && run.State.IsTerminal())
            {
                // Past `retention.events` the store keeps the run but not its events; the run's own event log has them.
                var file = Path.Combine(runDir, "events.ndjson");
                ui.Progress(File.Exists(file)
                    ? $"the store no longer holds this run's events (retention.events); its history is in {file}"
                    : "the store no longer holds this run's events (retention.events), and this node has no files of it");
            }

            if (only is not null && !ui.Json)
            {
                // The stage's raw log: its file when this node ran the stage, else the copy a shared store keeps.
                var log = Path.Combine(runDir, "logs", only + ".log");
                if (File.Exists(log))
                {
                    ui.Line($"--- {log}");
                    ui.Line((await File.ReadAllTextAsync(log, ct)).TrimEnd());
                }
                else if (await app.Store.ReadStageLogAsync(run.Id, only, ct) is { } stored)
                {
                    ui.Line($"--- {only}.log (the store's copy: the stage ran on another node)");
                    ui.Line(stored.TrimEnd());
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
