using Baton.Core.Model;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Scheduling;

/// <summary>
/// Deletes the branches of finished tasks past <c>retention.merged_branches</c> (merged into the default branch) or
/// <c>retention.abandoned_branches</c> (a failed, cancelled or escalated task's, never merged). A succeeded task's
/// unmerged branch is never deleted; a branch a workspace still has checked out waits for the workspace to go. Two git
/// calls per repository list them, one deletes them. For a remote project the remote's own task branches are judged the
/// same way against its default branch as just fetched, and deleted there in one push, each under a lease on the commit
/// judged: every node with a clone may sweep, and a branch that moved meanwhile, or that another node's sweep already
/// deleted, is left alone.
/// </summary>
internal sealed class TaskBranchSweep(EngineServices services, ILogger log)
{
    public async Task<BranchSweep> SweepAsync(IReadOnlyList<(TaskItem Task, RunRecord Last)> ended, DateTimeOffset now, CancellationToken ct)
    {
        var retention = services.Config.Retention;
        if (retention.MergedBranches is null && retention.AbandonedBranches is null)
        {
            return new BranchSweep([], []);
        }

        var local = new List<string>();
        var remote = new List<string>();
        foreach (var project in services.Config.Projects)
        {
            var mine = ended.Where(e => e.Last.Project == project.Key).ToList();
            var repo = RunSetup.RepoPath(services, project);
            if (mine.Count == 0 || !Directory.Exists(repo))
            {
                continue;
            }

            try
            {
                var into = (await services.Workspaces.InspectAsync(repo, project.DefaultBranch, ct)).DefaultBranch;
                if (project.IsRemote)
                {
                    remote.AddRange(await SweepRemoteAsync(repo, into, mine, now, ct));

                    // What counts as merged is what landed on the remote, not the clone's own (stale) default branch.
                    into = $"refs/remotes/origin/{into}";
                }

                var due = await DueAsync(mine, await services.Workspaces.ListTaskBranchesAsync(repo, into, ct), now, ct);
                var gone = await services.Workspaces.DeleteTaskBranchesAsync(repo, due, ct);
                if (gone.Count > 0)
                {
                    EngineLog.BranchesDeleted(log, gone.Count, repo, string.Join(", ", gone));
                }

                local.AddRange(gone);
            }
            catch (Exception ex) when (ex is WorkspaceException or IOException)
            {
                EngineLog.BranchSweepFailed(log, repo, ex);
            }
        }

        return new BranchSweep(local, remote);
    }

    /// <summary>The remote's branches, judged and deleted there; a failure is logged and the local sweep goes on.</summary>
    private async Task<IReadOnlyList<string>> SweepRemoteAsync(string clone, string into, List<(TaskItem Task, RunRecord Last)> mine, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var listed = await services.Workspaces.ListRemoteTaskBranchesAsync(clone, into, ct);
            var due = await DueAsync(mine, listed, now, ct);
            var result = await services.Workspaces.DeleteRemoteTaskBranchesAsync(clone, due.ToDictionary(b => b, b => listed.Tips[b], StringComparer.Ordinal), ct);
            if (result.Deleted.Count > 0)
            {
                EngineLog.RemoteBranchesDeleted(log, result.Deleted.Count, clone, string.Join(", ", result.Deleted));
            }

            if (result.Moved.Count > 0)
            {
                EngineLog.RemoteBranchesMoved(log, clone, string.Join(", ", result.Moved));
            }

            return result.Deleted;
        }
        catch (Exception ex) when (ex is WorkspaceException or IOException)
        {
            EngineLog.BranchSweepFailed(log, clone + " (its remote)", ex);
            return [];
        }
    }

    /// <summary>The listed branches retention lets go, of tasks still as they were judged (a retried task keeps its branch).</summary>
    private async Task<List<string>> DueAsync(List<(TaskItem Task, RunRecord Last)> mine, TaskBranchList listed, DateTimeOffset now, CancellationToken ct)
    {
        var retention = services.Config.Retention;
        var all = listed.All.ToHashSet(StringComparer.Ordinal);
        var merged = listed.Merged.ToHashSet(StringComparer.Ordinal);
        var due = new List<string>();
        foreach (var (task, last) in mine)
        {
            var branch = last.Branch ?? $"baton/{task.Id}";
            var age = now - (last.FinishedAt ?? last.CreatedAt);
            var expired = merged.Contains(branch)
                ? age >= retention.MergedBranches
                : task.State != TaskState.Succeeded && age >= retention.AbandonedBranches;
            if (all.Contains(branch) && expired
                && await services.Store.GetTaskAsync(task.Id, ct) is { } current && current.State == task.State && current.UpdatedAt == task.UpdatedAt)
            {
                due.Add(branch);
            }
        }

        return due;
    }
}

/// <summary>The task branches one sweep deleted: in this node's repository, and on a remote project's remote.</summary>
public sealed record BranchSweep(IReadOnlyList<string> Local, IReadOnlyList<string> Remote);
