using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Engine.Recovery;
using Baton.Engine.Scheduling;

namespace Baton.Cli.Commands;

/// <summary><c>baton stop RUN</c>, <c>baton resume RUN</c>, <c>baton retry TASK</c>.</summary>
public static class ControlCommands
{
    public static Command Stop()
    {
        var id = new Argument<string>("run");
        var command = new Command("stop", "Stop a run; its whole process tree is ended") { id };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var run = await RunControl.StopAsync(app, await Lookup.RunAsync(app, parse.GetValue(id)!, ct), ui, ct);
            ui.Result(run, u => u.Line($"run {run.Id} is {run.State.WireName()}"));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Resume()
    {
        var id = new Argument<string>("run");
        var command = new Command("resume", "Continue an interrupted run from its first unfinished stage") { id };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            await new RunRecovery(app.Services).RecoverAsync(ct);
            var run = await Lookup.RunAsync(app, parse.GetValue(id)!, ct);
            if (run.State.IsTerminal())
            {
                throw new UserErrorException($"run {run.Id} already ended ({run.State.WireName()}); `baton retry {run.TaskId}` starts a new run of its task");
            }

            if (run.State != RunState.Interrupted)
            {
                throw new UserErrorException($"run {run.Id} is {run.State.WireName()} in process {run.Owner?.Pid} on {run.Owner?.Host}; `baton stop {run.Id}` stops it");
            }

            if (!await app.Store.TryTakeOwnershipAsync(run.Id, null, app.Services.ProcessControl.CurrentOwner, ct))
            {
                throw new UserErrorException($"run {run.Id} was just taken by another process");
            }

            ui.Progress($"resuming run {run.Id} of task {run.TaskId}");
            return await RunCommands.ForegroundAsync(app, ui, observer => new RunStarter(app.Services).ContinueAsync(run.Id, observer, ct));
        });
        return command;
    }

    public static Command Retry()
    {
        var id = new Argument<string>("task");
        var command = new Command("retry", "Start a new run of a task (in the same workspace and branch)") { id };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            await new RunRecovery(app.Services).RecoverAsync(ct);
            var task = await Lookup.TaskAsync(app, parse.GetValue(id)!, ct);
            var runs = await app.Store.ListRunsForTaskAsync(task.Id, ct);
            if (runs.FirstOrDefault(r => r.State.IsActive()) is { } active)
            {
                throw new UserErrorException($"task {task.Id} has run {active.Id} in progress; `baton stop {active.Id}` first");
            }

            foreach (var interrupted in runs.Where(r => r.State == RunState.Interrupted))
            {
                await new OfflineStop(app.Services).StopAsync(interrupted, "superseded by a retry", TaskState.Running, ct);
            }

            var claimed = task with
            {
                State = TaskState.Running,
                MaxAttempts = Math.Max(task.MaxAttempts, task.Attempts + 1),
                Reason = null,
                NotBefore = null,
                UpdatedAt = app.Services.Time.GetUtcNow(),
            };
            await app.Store.UpdateTaskAsync(claimed, ct);
            return await RunCommands.ForegroundAsync(app, ui, observer => new RunStarter(app.Services).StartAsync(claimed, observer, ct));
        });
        return command;
    }
}
