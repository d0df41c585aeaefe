using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;

namespace Baton.Engine.Application;

/// <summary>
/// Reading and landing a task's work: the diff of its branch against the project's default branch, and merging a
/// succeeded task into it (fast-forward, merge commit or squash) — refused, with nothing changed, when the task did not
/// succeed, a run of it is still going, or the branches conflict.
/// </summary>
internal sealed class TaskLanding(EngineServices services)
{
    public async Task<BranchDiff> DiffAsync(TaskItem task, CancellationToken ct)
    {
        var (repo, branch, into) = await WhereAsync(task, ct);
        return await Git(() => services.Workspaces.DiffAsync(repo, branch, into, ct));
    }

    public async Task<MergeOutcome> MergeAsync(TaskItem task, bool squash, Actor by, CancellationToken ct)
    {
        if (task.State != TaskState.Succeeded)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"task {task.Id} is {task.State.WireName()}; only a succeeded task is merged (its gates passed){(task.State.IsTerminal() ? $" — `baton retry {task.Id}` runs it again" : "")}");
        }

        var (repo, branch, into) = await WhereAsync(task, ct);
        var message = squash ? $"{task.Title}\n\nBaton task {task.Id}, squashed from {branch}; merged by {by}" : $"Merge {branch}: {task.Title}\n\nBaton task {task.Id}; merged by {by}";
        return await Git(() => services.Workspaces.MergeAsync(repo, branch, into, squash, message, ct));
    }

    private async Task<(string Repo, string Branch, string Into)> WhereAsync(TaskItem task, CancellationToken ct)
    {
        var project = RunSetup.Project(services.Config, task.Project)
            ?? throw new DeskException(DeskErrorKind.Conflict, $"task {task.Id} names project `{task.Project}`, which baton.yaml no longer has");
        var runs = await services.Store.ListRunsForTaskAsync(task.Id, ct);
        if (runs.Count == 0)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"task {task.Id} has not run yet, so it has no branch");
        }

        if (project.IsRemote)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"project `{project.Key}` works on a remote repository, where task {task.Id}'s branch is pushed as baton/{task.Id}: "
                + "merge it there (a pull request); landing merges only into local repositories");
        }

        var repo = RunSetup.RepoPath(services, project);
        var into = await Git(async () => (await services.Workspaces.InspectAsync(repo, project.DefaultBranch, ct)).DefaultBranch);
        return (repo, runs.MaxBy(r => r.Number)!.Branch ?? $"baton/{task.Id}", into);
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
