using System.Collections.Concurrent;
using Baton.Core.Workspaces;
using Baton.Git.Cli;

namespace Baton.Git.Remote;

/// <summary>
/// A remote project's branches: this node's clone of the remote, the default and task branches fetched from it before
/// a run takes its workspace, and the task branch pushed back with a lease so that a node which lost the run can never
/// overwrite the work of the one that took it.
/// </summary>
internal sealed class RemoteBranches(GitCli git)
{
    private const string BranchPrefix = "baton/";

    /// <summary>One fetch at a time per clone in this process: concurrent fetches race for the same ref locks.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> FetchLocks = new(StringComparer.Ordinal);

    public async Task EnsureCloneAsync(string url, string path, CancellationToken ct)
    {
        if (Directory.Exists(Path.Combine(path, ".git")))
        {
            return;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(parent);
        var aside = $"{path}.cloning-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            await git.RunCheckedAsync(parent, ["clone", "-q", "--no-tags", url, aside], ct,
                $"Check that `repo` ({url}) is right and that this node can reach it; credentials come from git's credential helper or an SSH key.");
            try
            {
                Directory.Move(aside, path);
            }
            catch (IOException) when (Directory.Exists(Path.Combine(path, ".git")))
            {
                // Another process on this node cloned it meanwhile: theirs is used.
            }
        }
        finally
        {
            if (Directory.Exists(aside))
            {
                Directory.Delete(aside, recursive: true);
            }
        }
    }

    /// <summary>
    /// Fetches the default branch and the task branch into <c>refs/remotes/origin/</c>; returns the task branch's pushed
    /// commit, or null when the remote has none.
    /// </summary>
    public async Task<string?> FetchAsync(string repo, string defaultBranch, string branch, CancellationToken ct)
    {
        await FetchRefsAsync(repo, [$"+refs/heads/{defaultBranch}:refs/remotes/origin/{defaultBranch}", TaskBranchSpec(branch)],
            $"Check that this node can reach the project's remote and that `default_branch` ({defaultBranch}) exists there.", ct);
        return await TrackedAsync(repo, branch, ct);
    }

    /// <summary>The task branch's refspec: a glob, so that a branch never pushed matches nothing (no error) and `--prune` forgets a deleted one.</summary>
    public static string TaskBranchSpec(string branch) => $"+refs/heads/{branch}*:refs/remotes/origin/{branch}*";

    /// <summary>Fetches <paramref name="refspecs"/> from <c>origin</c>, pruning what the remote deleted; one retry for a ref lock.</summary>
    public async Task FetchRefsAsync(string repo, string[] refspecs, string advice, CancellationToken ct)
    {
        var gate = FetchLocks.GetOrAdd(repo, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            string[] args = ["fetch", "-q", "--no-tags", "--prune", "origin", .. refspecs];
            var fetch = await git.RunAsync(repo, args, ct);
            if (!fetch.Succeeded)
            {
                // Another Baton process on this node may hold a ref lock for a moment.
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                fetch = await git.RunAsync(repo, args, ct);
            }

            if (!fetch.Succeeded)
            {
                throw GitCli.Failure(fetch, advice);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Puts the workspace's branch on the remote's commit when the two differ: a fast-forward when the remote is ahead
    /// (another node's work), kept when this node is ahead (unpushed work of its own), replaced when they diverged.
    /// Returns the number of this node's commits dropped.
    /// </summary>
    public async Task<int> AlignAsync(Workspace workspace, string remoteHead, CancellationToken ct)
    {
        var head = (await git.RunCheckedAsync(workspace.Path, ["rev-parse", "HEAD"], ct)).First;
        if (head == remoteHead || await IsAncestorAsync(workspace.Path, remoteHead, head, ct))
        {
            return 0;
        }

        var dropped = await IsAncestorAsync(workspace.Path, head, remoteHead, ct)
            ? 0
            : int.Parse((await git.RunCheckedAsync(workspace.Path, ["rev-list", "--count", $"{remoteHead}..{head}"], ct)).First, System.Globalization.CultureInfo.InvariantCulture);
        await git.RunCheckedAsync(workspace.Path, ["reset", "-q", "--hard", remoteHead], ct);
        return dropped;
    }

    public async Task<PushResult?> PushAsync(Workspace workspace, bool overwrite, CancellationToken ct)
    {
        if (!workspace.Branch.StartsWith(BranchPrefix, StringComparison.Ordinal))
        {
            throw new WorkspaceException($"Baton pushes only its own `{BranchPrefix}*` branches, not {workspace.Branch}.");
        }

        var head = (await git.RunCheckedAsync(workspace.Path, ["rev-parse", "HEAD"], ct)).First;
        var seen = await TrackedAsync(workspace.Path, workspace.Branch, ct);
        if (seen == head)
        {
            return null;
        }

        var push = await TryPushAsync(workspace, head, seen, ct);
        if (push.Succeeded)
        {
            return new PushResult(head, null);
        }

        if (!IsStale(push))
        {
            throw GitCli.Failure(push, "Check that this node may push to the project's remote (credential helper or SSH key), or set `push: false`.");
        }

        if (!overwrite)
        {
            throw new BranchMovedException($"the remote's {workspace.Branch} moved since this node last saw it: another node pushed to it.");
        }

        // The caller holds the run: what the remote has was pushed by a node that lost it, and is replaced.
        await FetchRefsAsync(workspace.RepoPath, [TaskBranchSpec(workspace.Branch)], "Check that this node can reach the project's remote.", ct);
        var now = await TrackedAsync(workspace.RepoPath, workspace.Branch, ct);
        var again = await TryPushAsync(workspace, head, now, ct);
        return again.Succeeded
            ? new PushResult(head, now)
            : throw (IsStale(again)
                ? new BranchMovedException($"the remote's {workspace.Branch} keeps moving: another node is pushing to it.")
                : GitCli.Failure(again, "Check that this node may push to the project's remote, or set `push: false`."));
    }

    private Task<GitOutput> TryPushAsync(Workspace workspace, string head, string? expected, CancellationToken ct) =>
        git.RunAsync(workspace.Path, ["push", "-q", "--no-verify", "origin", $"{head}:refs/heads/{workspace.Branch}",
            $"--force-with-lease=refs/heads/{workspace.Branch}:{expected ?? ""}"], ct);

    /// <summary>git's words for a lease that did not hold (<c>[rejected] … (stale info)</c>), or a ref that exists when none was expected.</summary>
    private static bool IsStale(GitOutput push) =>
        push.Stderr.Any(l => l.Contains("stale info", StringComparison.Ordinal) || l.Contains("already exists", StringComparison.Ordinal));

    private async Task<string?> TrackedAsync(string dir, string branch, CancellationToken ct)
    {
        var tracked = await git.RunAsync(dir, ["rev-parse", "-q", "--verify", $"refs/remotes/origin/{branch}^{{commit}}"], ct);
        return tracked.Succeeded ? tracked.First : null;
    }

    private async Task<bool> IsAncestorAsync(string dir, string ancestor, string of, CancellationToken ct) =>
        (await git.RunAsync(dir, ["merge-base", "--is-ancestor", ancestor, of], ct)).Succeeded;
}
