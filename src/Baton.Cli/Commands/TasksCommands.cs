using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Config;
using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Tasks;
using Baton.Core.Text;

namespace Baton.Cli.Commands;

/// <summary><c>baton tasks add|list|show|cancel|sync</c>: the task queue.</summary>
public static class TasksCommands
{
    public static Command Create()
    {
        var tasks = new Command("tasks", "The task queue: add, list, show, cancel, sync from a file");
        tasks.Subcommands.Add(Add());
        tasks.Subcommands.Add(List());
        tasks.Subcommands.Add(Show());
        tasks.Subcommands.Add(Cancel());
        tasks.Subcommands.Add(TaskSyncCommand.Create());
        return tasks;
    }

    private static Command Add()
    {
        var title = new Argument<string?>("title") { Description = "Task title (the prompt too, unless --prompt)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<string?>("--json") { Description = "The task as JSON (fields: title, prompt, project, pipeline, agent, stage, depends_on, max_attempts, priority, labels, command, quality_gates)" };
        var prompt = new Option<string?>("--prompt") { Description = "What the agent should do (default: the title)" };
        var project = new Option<string?>("--project");
        var pipeline = new Option<string?>("--pipeline");
        var agent = new Option<string?>("--agent");
        var stage = new Option<string?>("--stage");
        var dependsOn = new Option<string[]>("--depends-on") { Description = "Task ids that must succeed first", AllowMultipleArgumentsPerToken = true };
        var maxAttempts = new Option<int>("--max-attempts") { DefaultValueFactory = _ => 1, Description = "Runs to try before the task fails" };
        var priority = new Option<int>("--priority") { Description = "Higher runs first" };
        var labels = new Option<string[]>("--label") { Description = "Labels (repeatable)" };
        var run = new Option<string?>("--command") { Description = "Run this shell command as the task's only stage, instead of the pipeline's stages" };
        var gates = new Option<string[]>("--gate") { Description = "A gate of the task's own, run after the pipeline's (repeatable)" };
        var command = new Command("add", "Queue a task") { title, json, prompt, project, pipeline, agent, stage, dependsOn, maxAttempts, priority, labels, run, gates };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var key = "cli:" + Guid.NewGuid().ToString("N");
            var options = new SubmitOptions { Source = TaskSource.Cli };
            Submitted submitted;
            if (parse.GetValue(json) is { } text)
            {
                submitted = await app.Desk.SubmitJsonAsync(text, key, options, BatonApp.Actor, ct);
            }
            else
            {
                var t = parse.GetValue(title);
                if (string.IsNullOrWhiteSpace(t))
                {
                    throw new UserErrorException("a task needs a title: baton tasks add \"fix the login bug\" (or --json '{\"title\": …}')");
                }

                submitted = await app.Desk.SubmitAsync(new TaskDraft
                {
                    ExternalKey = key,
                    Title = t,
                    Prompt = parse.GetValue(prompt) ?? t,
                    Project = parse.GetValue(project),
                    Pipeline = parse.GetValue(pipeline),
                    Agent = parse.GetValue(agent),
                    Stage = parse.GetValue(stage),
                    DependsOn = parse.GetValue(dependsOn) ?? [],
                    MaxAttempts = parse.GetValue(maxAttempts),
                    Priority = parse.GetValue(priority),
                    Labels = parse.GetValue(labels) ?? [],
                    Command = parse.GetValue(run),
                    QualityGates = parse.GetValue(gates) ?? [],
                }, options, BatonApp.Actor, ct);
            }

            var task = submitted.Task;
            ui.Result(task, static j => j.TaskItem, u => u.Line($"queued {task.Id}: {task.Title}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List()
    {
        var state = new Option<string[]>("--state") { Description = "Only tasks in these states (queued, running, failed…)" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 200 };
        var command = new Command("list", "List tasks in queue order (oldest first)") { state, limit };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var states = (parse.GetValue(state) ?? []).Select(s => BatonJson.TryParseWireName<TaskState>(s, out var v)
                ? v
                : throw new UserErrorException($"unknown state `{s}`; states are: {string.Join(", ", Enum.GetValues<TaskState>().Select(x => x.WireName()))}")).ToList();
            var tasks = await app.Store.ListTasksAsync(new TaskQuery(states.Count == 0 ? null : states, parse.GetValue(limit)), ct);
            ui.Result(tasks, static j => j.IReadOnlyListTaskItem, u =>
            {
                if (tasks.Count == 0)
                {
                    u.Line("no tasks; add one with `baton tasks add \"…\"`");
                    return;
                }

                Table.Print(u, ["TASK", "STATE", "PRI", "RUNS", "TITLE"],
                    tasks.Select(t => new[] { t.Id, t.State.WireName(), t.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{t.Attempts}/{t.MaxAttempts}", t.Title }));
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("task");
        var command = new Command("show", "Show a task and its runs") { id };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var task = await Lookup.TaskAsync(app, parse.GetValue(id)!, ct);
            var runs = await app.Store.ListRunsForTaskAsync(task.Id, ct);
            ui.Result(new TaskDetail(task, runs), static j => j.TaskDetail, u =>
            {
                u.Line($"{task.Id}  {task.State.WireName()}  {task.Title}");
                u.Line($"  prompt      {task.Prompt.Split('\n')[0]}");
                u.Line($"  source      {task.Source.WireName()}{(task.Requester is null ? "" : " by " + task.Requester)}");
                u.Line($"  attempts    {task.Attempts}/{task.MaxAttempts}   priority {task.Priority}");
                if (task.DependsOn.Count > 0)
                {
                    u.Line($"  depends on  {string.Join(", ", task.DependsOn)}");
                }

                if (task.Reason is not null)
                {
                    u.Line($"  reason      {task.Reason}");
                }

                foreach (var r in runs)
                {
                    u.Line($"  run {r.Id}  #{r.Number}  {r.State.WireName()}  {Names.Of(r.Reason)}  {r.Branch}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("task");
        var command = new Command("cancel", "Cancel a task; a run in progress is stopped") { id };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var task = await app.Desk.CancelAsync(parse.GetValue(id)!, BatonApp.Actor, ct);
            ui.Result(new TaskCancelled(task.Id, task.State), static j => j.TaskCancelled, u => u.Line($"cancelled {task.Id}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
