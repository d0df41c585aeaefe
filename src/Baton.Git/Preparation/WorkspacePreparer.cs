using Baton.Core.Config;
using Baton.Core.Workspaces;
using Baton.Git.Cleanup;
using Baton.Git.Cli;

namespace Baton.Git.Preparation;

/// <summary>
/// Creates a task's workspace on branch <c>baton/&lt;task-id&gt;</c>, or takes up the one it already has. With a spare
/// worktree ready this is a move (as <c>git worktree move</c> does it, by hand) + <c>checkout -b</c> (the new branch
/// read from its ref file): one git process; without, a fresh <c>worktree add -b</c> + one <c>rev-parse</c>. The
/// slower paths run only when something already exists.
/// </summary>
internal sealed class WorkspacePreparer(GitCli git, SpareWorktrees spares, WorkspaceRemover remover)
{
    public async Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken ct)
    {
        var dir = TaskIds.WorkspaceDirectory(request.Root, request.TaskId);
        var branch = TaskIds.Branch(request.TaskId);
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);

        // A workspace whose registration a killed process left half done holds nothing of the task's: made afresh.
        QuickWorktree.ClearUnfinished(dir);
        var workspace = Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any()
            ? await ReuseAsync(request, dir, branch, ct)
            : request.Mode switch
            {
                WorkspaceMode.Worktree => await TakeSpareAsync(request, dir, branch, ct) ?? await AddFreshAsync(request, dir, branch, ct),
                WorkspaceMode.Clone => await CloneAsync(request, dir, branch, ct),
            };
        return workspace;
    }

    /// <summary>Moves a spare into place and puts it on the task's branch; null when no spare could be used.</summary>
    private async Task<Workspace?> TakeSpareAsync(WorkspaceRequest request, string dir, string branch, CancellationToken ct)
    {
        while (spares.TryTake(request) is { } spare)
        {
            if (!LinkedWorktree.TryMove(spare, dir) && !(await git.RunAsync(request.RepoPath, ["worktree", "move", spare, dir], ct)).Succeeded)
            {
                spares.Drop(request, spare);
                continue;
            }

            if ((await git.RunAsync(dir, ["checkout", "-q", "-b", branch, request.DefaultBranch], ct)).Succeeded)
            {
                if (LinkedWorktree.TryReadBranch(dir, branch) is var (commonDir, commit))
                {
                    BaseCommitFile.Write(commonDir, request.TaskId, commit);
                    return new Workspace(dir, branch, commit, request.Mode, request.RepoPath);
                }

                return await CompleteAsync(request, dir, branch, startedFresh: true, ct);
            }

            if ((await git.RunAsync(dir, ["checkout", "-q", branch], ct)).Succeeded)
            {
                return await CompleteAsync(request, dir, branch, startedFresh: false, ct); // the branch outlived its worktree
            }

            // Neither worked (the branch is checked out elsewhere, or git cannot use the spare): clear the place (it holds
            // nothing of the task's) so the usual path makes the workspace or reports why it cannot.
            await remover.RemoveWorktreeAsync(request.RepoPath, dir, ct);
            return null;
        }

        return null;
    }

    private async Task<Workspace> AddFreshAsync(WorkspaceRequest request, string dir, string branch, CancellationToken ct)
    {
        if (await QuickAddAsync(request, dir, branch, ct) is { } quick)
        {
            return quick;
        }

        string[] addArgs = ["worktree", "add", "-q", "-b", branch, dir, request.DefaultBranch];
        var add = await git.RunAsync(request.RepoPath, addArgs, ct);
        if (!add.Succeeded && add.Stderr.Any(l => l.Contains("commondir", StringComparison.Ordinal)))
        {
            // git races when several worktrees are added at once ("failed to read .git/worktrees/x/commondir");
            // the half-made registration is pruned and the add tried once more.
            await git.RunAsync(request.RepoPath, ["worktree", "prune"], ct);
            add = await git.RunAsync(request.RepoPath, addArgs, ct);
        }

        if (add.Succeeded)
        {
            return await CompleteAsync(request, dir, branch, startedFresh: true, ct);
        }

        var exists = await git.RunAsync(request.RepoPath, ["rev-parse", "--verify", "-q", $"refs/heads/{branch}"], ct);
        if (!exists.Succeeded)
        {
            throw GitCli.Failure(add, $"Check that `default_branch` ({request.DefaultBranch}) exists and that {dir} is free.");
        }

        // The branch survives its worktree (resume after cleanup): check it out again, forgetting stale registrations.
        await git.RunCheckedAsync(request.RepoPath, ["worktree", "prune"], ct);
        await git.RunCheckedAsync(
            request.RepoPath, ["worktree", "add", "-q", dir, branch], ct,
            $"If {branch} is checked out elsewhere, remove that worktree (git worktree list) and try again.");
        return await CompleteAsync(request, dir, branch, startedFresh: false, ct);
    }

    /// <summary>
    /// The worktree registered by hand with HEAD on the new branch, and one <c>git reset --hard</c> to the default branch
    /// that checks it out and creates the branch (<see cref="QuickWorktree"/>): one git process, which reads no other
    /// worktree. Null when that cannot be done here — the branch already exists (a task run again keeps its work), or
    /// the layout is not the plain one — and the usual path takes over.
    /// </summary>
    private async Task<Workspace?> QuickAddAsync(WorkspaceRequest request, string dir, string branch, CancellationToken ct)
    {
        var common = Path.Combine(request.RepoPath, ".git");
        if (Path.Exists(dir) || !Directory.Exists(common) || LinkedWorktree.BranchMayExist(common, branch)
            || !await QuickWorktree.TryAddAsync(git, request.RepoPath, dir, $"ref: refs/heads/{branch}", ct, resetTo: request.DefaultBranch))
        {
            return null;
        }

        if (LinkedWorktree.TryReadBranch(dir, branch) is var (commonDir, commit))
        {
            BaseCommitFile.Write(commonDir, request.TaskId, commit);
            return new Workspace(dir, branch, commit, request.Mode, request.RepoPath);
        }

        return await CompleteAsync(request, dir, branch, startedFresh: true, ct);
    }

    private async Task<Workspace> CloneAsync(WorkspaceRequest request, string dir, string branch, CancellationToken ct)
    {
        var existsTask = git.RunAsync(request.RepoPath, ["rev-parse", "--verify", "-q", $"refs/heads/{branch}"], ct);
        var cloneTask = git.RunAsync(Path.GetDirectoryName(dir)!, ["clone", "--quiet", "--no-hardlinks", request.RepoPath, dir], ct);
        await Task.WhenAll(existsTask, cloneTask);
        var clone = await cloneTask;
        if (!clone.Succeeded)
        {
            throw GitCli.Failure(clone, $"Check that {request.RepoPath} is a repository Baton can read.");
        }

        var published = (await existsTask).Succeeded;
        var start = published ? $"origin/{branch}" : $"origin/{request.DefaultBranch}";
        await git.RunCheckedAsync(dir, ["checkout", "-q", "--no-track", "-b", branch, start], ct, $"Check that `default_branch` ({request.DefaultBranch}) exists.");
        return await CompleteAsync(request, dir, branch, startedFresh: !published, ct);
    }

    private async Task<Workspace> ReuseAsync(WorkspaceRequest request, string dir, string branch, CancellationToken ct)
    {
        var probe = await git.RunAsync(dir, ["rev-parse", "--path-format=absolute", "--show-prefix", "--git-common-dir", "--symbolic-full-name", "HEAD"], ct);
        if (!probe.Succeeded || probe.Stdout.Count < 3 || probe.Stdout[0].Length != 0)
        {
            throw new WorkspaceException($"{dir} already exists but is not a git checkout: move or delete it, then run the task again.");
        }

        if (probe.Stdout[2] == "HEAD" && request.Mode == WorkspaceMode.Worktree
            && (await git.RunAsync(dir, ["checkout", "-q", "-b", branch, request.DefaultBranch], ct)).Succeeded)
        {
            // A spare moved into place by a process that stopped before giving it the task's branch.
            return await CompleteAsync(request, dir, branch, startedFresh: true, ct);
        }

        if (probe.Stdout[2] != $"refs/heads/{branch}")
        {
            throw new WorkspaceException(
                $"{dir} already exists but has {probe.Stdout[2]} checked out instead of {branch}: move or delete it, then run the task again.");
        }

        var commonDir = probe.Stdout[1];
        var baseCommit = BaseCommitFile.Read(commonDir, request.TaskId) ?? await MergeBaseAsync(request, dir, branch, commonDir, ct);
        return new Workspace(dir, branch, baseCommit, request.Mode, request.RepoPath);
    }

    /// <summary>Reads the new checkout's HEAD and git dir in one call and records the base commit.</summary>
    private async Task<Workspace> CompleteAsync(WorkspaceRequest request, string dir, string branch, bool startedFresh, CancellationToken ct)
    {
        var head = await git.RunCheckedAsync(dir, ["rev-parse", "HEAD", "--path-format=absolute", "--git-common-dir"], ct);
        var commonDir = head.Stdout[1];
        var baseCommit = startedFresh
            ? head.Stdout[0]
            : BaseCommitFile.Read(commonDir, request.TaskId) ?? await MergeBaseAsync(request, dir, branch, commonDir, ct);
        BaseCommitFile.Write(commonDir, request.TaskId, baseCommit);
        return new Workspace(dir, branch, baseCommit, request.Mode, request.RepoPath);
    }

    private async Task<string> MergeBaseAsync(WorkspaceRequest request, string dir, string branch, string commonDir, CancellationToken ct)
    {
        var upstream = request.Mode == WorkspaceMode.Clone ? $"origin/{request.DefaultBranch}" : request.DefaultBranch;
        var sha = (await git.RunCheckedAsync(dir, ["merge-base", branch, upstream], ct)).First;
        BaseCommitFile.Write(commonDir, request.TaskId, sha);
        return sha;
    }
}
