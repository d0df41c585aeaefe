using Baton.Core.Events.Data;
using Baton.Core.Store;
using Baton.Core.Workspaces;
using Baton.Engine.Logging;

namespace Baton.Engine.Execution;

/// <summary>
/// Sends the task branch to the project's remote after a committed turn, so that any node can take the run up from
/// there. Only the run's owner pushes: a node that lost the run finds out here (as a fenced write) and stops; the owner
/// replaces what such a node pushed before it found out, and the event names the commit it replaced.
/// </summary>
internal static class BranchPush
{
    private const int Tries = 3;

    /// <summary>Whether this project's task branches are pushed (see <see cref="Core.Config.ProjectConfig.Push"/>).</summary>
    public static bool Enabled(EngineServices services, Core.Config.ProjectConfig project) =>
        project.Push ?? (project.IsRemote && services.Lease is not null);

    public static async Task PushAsync(EngineServices services, RunContext ctx, string? stage, CancellationToken ct)
    {
        if (ctx.Workspace is not { } workspace || !Enabled(services, ctx.Project))
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureOwnedAsync(services, ctx, ct);
                var pushed = await PushOnceAsync(services, ctx, workspace, ct);
                if (pushed is not null)
                {
                    ctx.Journal.Emit(stage, new WorkspacePushedData { Branch = workspace.Branch, Commit = pushed.Commit, Replaced = pushed.Replaced });
                }

                return;
            }
            catch (WorkspaceException ex) when (attempt < Tries)
            {
                EngineLog.PushRetried(services.Logs.CreateLogger(EngineLog.Category), ctx.Run.Id, workspace.Branch, attempt, ex);
                await Task.Delay(TimeSpan.FromSeconds(attempt), services.Time, ct);
            }
        }
    }

    private static async Task<PushResult?> PushOnceAsync(EngineServices services, RunContext ctx, Workspace workspace, CancellationToken ct)
    {
        try
        {
            return await services.Workspaces.PushAsync(workspace, overwrite: false, ct);
        }
        catch (BranchMovedException)
        {
            // Someone pushed since this node last did: a node that had the run before, or this node no longer has it.
            await EnsureOwnedAsync(services, ctx, ct);
            return await services.Workspaces.PushAsync(workspace, overwrite: true, ct);
        }
    }

    private static async Task EnsureOwnedAsync(EngineServices services, RunContext ctx, CancellationToken ct)
    {
        var run = await services.Store.GetRunAsync(ctx.Run.Id, ct);
        if (run is null || run.Epoch != ctx.Run.Epoch)
        {
            throw new StoreException(StoreErrorCategory.Fenced,
                $"run {ctx.Run.Id} is held by another node now (epoch {run?.Epoch} ≠ {ctx.Run.Epoch}): its branch is not pushed from here");
        }
    }
}
