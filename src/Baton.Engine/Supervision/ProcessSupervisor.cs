using Baton.Core.Ports;
using Baton.Core.Processes;
using Baton.Engine.Execution;

namespace Baton.Engine.Supervision;

/// <summary>
/// The one owner of the processes a run starts — command stages, gates, the bootstrap script and agent CLIs — from
/// start to end. Each child runs in its own process group (<see cref="IProcessRunner"/>), recorded durably in the store
/// before it can do anything and forgotten when it exits, so the store always names the groups that may still live.
/// A live run ends its children through its cancellation token; a run whose owner died has its recorded groups ended
/// here (<see cref="EndLeftoversAsync"/>), which recovery and offline stop call. Later supervision (a dead-man switch,
/// shutdown that ends every tree) extends this type instead of adding another.
/// </summary>
public sealed class ProcessSupervisor(EngineServices services)
{
    /// <summary>
    /// The callbacks every child of a run gets: its group recorded before it runs and removed when it exits, its output
    /// to the stage log and the live observer. Agent adapters start their CLI with these.
    /// </summary>
    public ProcessCallbacks Callbacks(RunContext ctx, string stage, TextWriter log, Action<OutputLine>? alsoOnLine = null) => new()
    {
        OnStarted = group =>
        {
            // Into the run's control group while the child still waits at its start gate: its whole tree is limited.
            ctx.Limits?.Add(group.Pgid);
            return services.Store.AddProcessGroupAsync(ctx.Run.Id, new ProcessGroupRecord(group.Pgid, group.StartTicks, stage), CancellationToken.None);
        },
        OnRunning = () =>
        {
            if (ctx.TakeSpareRequest() is { } spares && services.MakeSpares)
            {
                // The run's first process is running: spares for the tasks to come are made now, off the start path.
                services.Workspaces.MakeSpares(spares);
            }
        },
        OnExited = group =>
        {
            ctx.LimitWatch?.Check();
            return services.Store.RemoveProcessGroupAsync(ctx.Run.Id, group.Pgid, CancellationToken.None);
        },
        OnLine = line =>
        {
            log.WriteLine(line.Text);
            ctx.Observer?.OnOutput(ctx.Run.Id, stage, line);
            alsoOnLine?.Invoke(line);
        },
    };

    /// <summary>Runs a shell command of the run (command stage, gate, bootstrap) in its workspace; cancelling ends its group.</summary>
    public async Task<ProcessResult> RunShellAsync(RunContext ctx, string stage, string command, TimeSpan? timeout, TextWriter log, CancellationToken ct)
    {
        log.WriteLine($"$ {command}");
        var spec = ProcessSpec.Shell(command, ctx.WorkspacePath, ChildEnv.For(services, ctx, stage)) with { Timeout = timeout };
        return await services.Processes.RunAsync(spec, Callbacks(ctx, stage, log), ct);
    }

    /// <summary>
    /// Ends every process group a run recorded that still lives and forgets it. Only for a run whose owner is gone (or
    /// is this process stopping it offline): the groups can only be leftovers. A group whose leader pid now belongs to
    /// another process is left alone (<see cref="IProcessControl.KillGroup"/> checks start times).
    /// </summary>
    public async Task EndLeftoversAsync(string runId, CancellationToken ct)
    {
        foreach (var group in await services.Store.ListProcessGroupsAsync(runId, ct))
        {
            services.ProcessControl.KillGroup(new ProcessGroup(group.Pgid, group.StartTicks));
            await services.Store.RemoveProcessGroupAsync(runId, group.Pgid, ct);
        }
    }
}
