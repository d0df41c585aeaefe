using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Cli.Commands;

/// <summary><c>baton logs RUN [--follow] [--stage S]</c>: a run's events as text (or NDJSON with --format json).</summary>
public static class LogsCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("run");
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until the run ends" };
        var stage = new Option<string?>("--stage") { Description = "Only this stage's events, followed by its raw output log" };
        var command = new Command("logs", "A run's event stream rendered as text") { id, follow, stage };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var run = await Lookup.RunAsync(app, parse.GetValue(id)!, ct);
            var only = parse.GetValue(stage);
            var after = 0L;
            var ended = false;
            while (true)
            {
                var batch = await app.Store.ReadEventsAsync(run.Id, after, 1000, ct);
                foreach (var evt in batch.Where(e => only is null || e.Stage == only))
                {
                    Console.Out.WriteLine(ui.Json ? BatonJson.Serialize(evt) : EventText.Render(evt));
                }

                if (batch.Count > 0)
                {
                    after = batch[^1].Seq;
                    continue;
                }

                if (!parse.GetValue(follow) || ended)
                {
                    break;
                }

                // Once the run has ended, one more read picks up anything written just before the state changed.
                run = await Lookup.RunAsync(app, run.Id, ct);
                ended = run.State.IsTerminal() || run.State == RunState.Interrupted;
                if (!ended)
                {
                    await Task.Delay(200, ct);
                }
            }

            if (only is not null && !ui.Json)
            {
                var log = Path.Combine(app.Services.StateDir, "runs", run.TaskId, run.Id, "logs", only + ".log");
                if (File.Exists(log))
                {
                    ui.Line($"--- {log}");
                    ui.Line((await File.ReadAllTextAsync(log, ct)).TrimEnd());
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
