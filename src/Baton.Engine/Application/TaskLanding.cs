using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;

namespace Baton.Engine.Application;

/// <summary>
/// Reading and landing a task's work: the diff of its branch against the project's default branch, and merging a
/// succeeded task into it (fast-forward, merge commit or squash) — refused, with nothing changed, when the task did not
/// succeed, a run of it is still going, or the branches conflict. A remote project's task lands on the remote: merged
/// in this node's clone from the remote's branches, then pushed to its default branch.
/// </summary>
internal sealed class TaskLanding(EngineServices services)
{
    public async Task<BranchDiff> DiffAsync(TaskItem task, CancellationToken ct)
    {
        var (repo, branch, into, remote) = await WhereAsync(task, ct);
        return await Git(() => remote
            ? services.Workspaces.DiffRemoteAsync(repo, branch, into, ct)
            : services.Workspaces.DiffAsync(repo, branch, into, ct));
    }

    public async Task<MergeOutcome> MergeAsync(TaskItem task, bool squash, Actor by, CancellationToken ct)
    {
        if (task.State != TaskState.Succeeded)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"task {task.Id} is {task.State.WireName()}; only a succeeded task is merged (its gates passed){(task.State.IsTerminal() ? $" — `baton retry {task.Id}` runs it again" : "")}");
        }

        var (repo, branch, into, remote) = await WhereAsync(task, ct);
        var message = squash ? $"{task.Title}\n\nBaton task {task.Id}, squashed from {branch}; merged by {by}" : $"Merge {branch}: {task.Title}\n\nBaton task {task.Id}; merged by {by}";
        return await Git(() => remote
            ? services.Workspaces.MergeRemoteAsync(repo, branch, into, squash, message, ct)
            : services.Workspaces.MergeAsync(repo, branch, into, squash, message, ct));
    }

    /// <summary>The repository (for a remote project: this node's clone), the task branch, the branch it lands on.</summary>
    private async Task<(string Repo, string Branch, string Into, bool Remote)> WhereAsync(TaskItem task, CancellationToken ct)
    {
        var project = RunSetup.Project(services.Config, task.Project)
            ?? throw new DeskException(DeskErrorKind.Conflict, $"task {task.Id} names project `{task.Project}`, which baton.yaml no longer has");
        var runs = await services.Store.ListRunsForTaskAsync(task.Id, ct);
        if (runs.Count == 0)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"task {task.Id} has not run yet, so it has no branch");
        }

        var branch = runs.MaxBy(r => r.Number)!.Branch ?? $"baton/{task.Id}";
        var repo = RunSetup.RepoPath(services, project);
        if (project.IsRemote)
        {
            // This node may never have run the project: its clone is made (or reused) first.
            await Git(async () =>
            {
                await services.Workspaces.EnsureCloneAsync(project.Repo, repo, ct);
                return true;
            });
            return (repo, branch, project.DefaultBranch ?? await Git(async () => (await services.Workspaces.InspectAsync(repo, null, ct)).DefaultBranch), true);
        }

        var into = await Git(async () => (await services.Workspaces.InspectAsync(repo, project.DefaultBranch, ct)).DefaultBranch);
        return (repo, branch, into, false);
    }

    private static async Task<T> Git<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (WorkspaceException ex)
        {
            throw new DeskException(DeskErrorKind.Conflict, ex.Message);
        }
    }
}
