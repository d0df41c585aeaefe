using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Cli.Output;

namespace Baton.Cli.Commands;

/// <summary><c>baton queue pause|resume|status</c>: stop or let every Baton on this store start new work.</summary>
public static class QueueControlCommand
{
    public static Command Create()
    {
        var queue = new Command("queue", "Pause or resume the queue (runs in progress go on)");
        queue.Subcommands.Add(Set("pause", "Start no new runs until `baton queue resume`", paused: true));
        queue.Subcommands.Add(Set("resume", "Start queued runs again", paused: false));
        var status = new Command("status", "Whether the queue is paused");
        Verb.WithApp(status, async (app, _, ui, ct) =>
        {
            var paused = await app.Desk.IsQueuePausedAsync(ct);
            ui.Result(new QueueState(paused), static j => j.QueueState, u => u.Line(paused ? "the queue is paused; `baton queue resume` starts new runs again" : "the queue is running"));
            return ExitCodes.Success;
        });
        queue.Subcommands.Add(status);
        return queue;
    }

    private static Command Set(string name, string description, bool paused)
    {
        var command = new Command(name, description);
        Verb.WithApp(command, async (app, _, ui, ct) =>
        {
            await app.Desk.SetQueuePausedAsync(paused, BatonApp.Actor, ct);
            ui.Result(new QueueState(paused), static j => j.QueueState, u => u.Line(paused ? "queue paused: no new runs start (runs in progress go on)" : "queue resumed"));
            return ExitCodes.Success;
        });
        return command;
    }
}
