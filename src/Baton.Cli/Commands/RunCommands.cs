using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Tasks;
using Baton.Engine.Execution;

namespace Baton.Cli.Commands;

/// <summary><c>baton run PROMPT</c> and <c>baton start PIPELINE</c>: create a task and run it in the foreground.</summary>
public static class RunCommands
{
    private static readonly Option<string?> Agent = new("--agent", "-a") { Description = "Agent to use for agent stages (a key under `agents:`)" };
    private static readonly Option<string?> Pipeline = new("--pipeline", "-p") { Description = "Pipeline to run (a key under `pipelines:`)" };
    private static readonly Option<string?> Project = new("--project") { Description = "Project key (default: the first project)" };
    private static readonly Option<string?> Stage = new("--stage") { Description = "Run only this stage (then the gates)" };
    private static readonly Option<string?> Title = new("--title") { Description = "Task title (default: the prompt's first line)" };
    private static readonly Option<bool> Detach = new("--detach", "-d") { Description = "Queue the task, start a background worker, and return at once" };
    private static readonly Option<bool> AllowDirty = new("--allow-dirty") { Description = "Run even though the default branch has uncommitted changes (they are not part of the task)" };

    public static Command Run()
    {
        var prompt = new Argument<string>("prompt") { Description = "What the agent should do" };
        var command = new Command("run", "Create a task from PROMPT and run it now, with live progress; the exit code is the outcome")
        {
            prompt, Agent, Pipeline, Project, Stage, Title, Detach, AllowDirty,
        };
        Verb.WithApp(command, (app, parse, ui, ct) =>
        {
            var text = parse.GetValue(prompt)!;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UserErrorException("the prompt is empty; say what the agent should do, e.g. baton run \"fix the failing test\"");
            }

            return CreateAndRunAsync(app, parse, ui, text, parse.GetValue(Pipeline), ct);
        }, oneShot: true);
        return command;
    }

    public static Command Start()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "The pipeline to run (e.g. diagnostics)" };
        var command = new Command("start", "Run a pipeline with no prompt (build, lint, test…)") { pipeline, Agent, Project, Stage, Detach, AllowDirty };
        Verb.WithApp(command, (app, parse, ui, ct) => CreateAndRunAsync(app, parse, ui, "", parse.GetValue(pipeline), ct), oneShot: true);
        return command;
    }

    private static async Task<int> CreateAndRunAsync(BatonApp app, ParseResult parse, Ui ui, string prompt, string? pipeline, CancellationToken ct)
    {
        var detach = parse.GetValue(Detach);
        var draft = new TaskDraft
        {
            ExternalKey = "cli:" + Guid.NewGuid().ToString("N"),
            Title = parse.GetValue(Title) ?? TaskTitles.FromPrompt(prompt, pipeline),
            Prompt = prompt,
            Project = parse.GetValue(Project),
            Pipeline = pipeline,
            Agent = parse.GetValue(Agent),
            Stage = parse.GetValue(Stage),
        };
        var options = new SubmitOptions
        {
            Placement = detach ? Placement.Queue : Placement.Here,
            CheckRepository = true,
            AllowDirty = parse.GetValue(AllowDirty),
        };
        var submitted = await app.Desk.SubmitAsync(draft, options, BatonApp.Actor, ct);
        if (submitted.Run is not { } run)
        {
            var pid = Background.StartWorker(app);
            ui.Result(new Detached(submitted.Task.Id, pid), static j => j.Detached, u =>
                u.Line($"queued {submitted.Task.Id}; a background worker (pid {pid}) is running the queue — follow it with `baton status --watch`"));
            return ExitCodes.Success;
        }

        return await ForegroundAsync(app, ui, observer => app.Desk.ExecuteAsync(run, observer, ct));
    }

    /// <summary>Runs one run in the foreground with live progress and prints its summary; the exit code is its outcome.</summary>
    public static async Task<int> ForegroundAsync(BatonApp app, Ui ui, Func<IRunObserver, Task<RunOutcome>> execute)
    {
        Shutdown.RunsMayBeInFlight = true;
        RunOutcome outcome;
        using (var progress = new ProgressRenderer(ui))
        {
            outcome = await execute(progress);
        }

        await RunSummary.PrintAsync(app, ui, outcome);
        return outcome.State switch
        {
            RunState.Succeeded => ExitCodes.Success,
            // Interrupted, or left waiting for a person when the command was stopped: either way the run waits, nothing lost.
            RunState.Interrupted or RunState.NeedsInput => ExitCodes.Interrupted,
            _ => ExitCodes.Failed,
        };
    }
}
