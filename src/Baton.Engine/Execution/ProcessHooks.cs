using Baton.Core.Ports;
using Baton.Core.Processes;

namespace Baton.Engine.Execution;

/// <summary>
/// Callbacks every child of a run gets: its process group is recorded durably before it can do anything (so a crash of
/// Baton never orphans it), its output goes to the stage log and to the live observer.
/// </summary>
public static class ProcessHooks
{
    public static ProcessCallbacks For(EngineServices services, RunContext ctx, string stage, TextWriter log, Action<OutputLine>? alsoOnLine = null) => new()
    {
        OnStarted = group => services.Store.AddProcessGroupAsync(ctx.Run.Id, new ProcessGroupRecord(group.Pgid, group.StartTicks, stage), CancellationToken.None),
        OnRunning = () =>
        {
            if (ctx.TakeSpareRequest() is { } spares)
            {
                // The run's first process is running: spares for the tasks to come are made now, off the start path.
                services.Workspaces.MakeSpares(spares);
            }
        },
        OnExited = group => services.Store.RemoveProcessGroupAsync(ctx.Run.Id, group.Pgid, CancellationToken.None),
        OnLine = line =>
        {
            log.WriteLine(line.Text);
            ctx.Observer?.OnOutput(ctx.Run.Id, stage, line);
            alsoOnLine?.Invoke(line);
        },
    };

    /// <summary>Runs a shell command of the run (command stage, gate, bootstrap) in its workspace.</summary>
    public static async Task<ProcessResult> RunShellAsync(
        EngineServices services, RunContext ctx, string stage, string command, TimeSpan? timeout, TextWriter log, CancellationToken ct)
    {
        log.WriteLine($"$ {command}");
        var spec = ProcessSpec.Shell(command, ctx.WorkspacePath, ChildEnv.For(services, ctx, stage)) with { Timeout = timeout };
        return await services.Processes.RunAsync(spec, For(services, ctx, stage, log), ct);
    }
}
