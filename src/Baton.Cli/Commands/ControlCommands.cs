using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Cli.Commands;

/// <summary><c>baton stop RUN</c>, <c>baton resume RUN</c>, <c>baton retry TASK</c>.</summary>
public static class ControlCommands
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(60);

    public static Command Stop()
    {
        var id = new Argument<string>("run");
        var command = new Command("stop", "Stop a run; its whole process tree is ended") { id };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var (run, stopped) = await app.Desk.StopAsync(parse.GetValue(id)!, BatonApp.Actor, StopWait, ct);
            if (!stopped)
            {
                throw new UserErrorException($"run {run.Id} did not stop within {StopWait.TotalSeconds:0}s; its owner (pid {run.Owner?.Pid}) may be stuck", exitCode: ExitCodes.Internal);
            }

            ui.Result(run, static j => j.RunRecord, u => u.Line($"run {run.Id} is {run.State.WireName()}"));
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
            var run = await app.Desk.ResumeAsync(parse.GetValue(id)!, Placement.Here, BatonApp.Actor, ct);
            ui.Progress($"resuming run {run.Id} of task {run.TaskId}");
            return await RunCommands.ForegroundAsync(app, ui, observer => app.Desk.ExecuteAsync(run, observer, ct));
        }, oneShot: true);
        return command;
    }

    public static Command Retry()
    {
        var id = new Argument<string>("task");
        var command = new Command("retry", "Start a new run of a task (in the same workspace and branch)") { id };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var retried = await app.Desk.RetryAsync(parse.GetValue(id)!, Placement.Here, BatonApp.Actor, ct);
            return await RunCommands.ForegroundAsync(app, ui, observer => app.Desk.ExecuteAsync(retried.Run!, observer, ct));
        }, oneShot: true);
        return command;
    }
}
