using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Model;
using Baton.Engine.Recovery;

namespace Baton.Cli.Commands;

/// <summary>Stopping a run wherever it is: asked of its live owner, or done here when it has none.</summary>
public static class RunControl
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(60);

    public static async Task<RunRecord> StopAsync(BatonApp app, RunRecord run, Ui ui, CancellationToken ct)
    {
        await new RunRecovery(app.Services).RecoverAsync(ct);
        run = await Lookup.RunAsync(app, run.Id, ct);
        if (run.State.IsTerminal())
        {
            return run;
        }

        if (run.State == RunState.Interrupted || run.Owner is null)
        {
            await new OfflineStop(app.Services).StopAsync(run, "stopped on request", TaskState.Cancelled, ct);
            return await Lookup.RunAsync(app, run.Id, ct);
        }

        await app.Store.SetStopRequestedAsync(run.Id, ct);
        ui.Progress($"asked process {run.Owner.Pid} to stop run {run.Id}…");
        var deadline = DateTime.UtcNow + StopWait;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
            run = await Lookup.RunAsync(app, run.Id, ct);
            if (run.State.IsTerminal() || run.State == RunState.Interrupted)
            {
                return run;
            }
        }

        throw new UserErrorException($"run {run.Id} did not stop within {StopWait.TotalSeconds:0}s; its owner (pid {run.Owner?.Pid}) may be stuck", exitCode: ExitCodes.Internal);
    }
}
