using Baton.Core.Workspaces;
using Baton.Git.Cli;
using Baton.Git.Remote;

namespace Baton.Git.Landing;

/// <summary>
/// Reads and lands task branches of a remote project, in this node's clone: the default branch and the task branch are
/// fetched first (the pushed task branch is the work, whichever node made it; without one, the clone's own), the merge
/// is computed as for a local project, and the result is pushed to the remote's default branch as a fast-forward — a
/// remote that moved meanwhile refuses it, and nothing is merged there.
/// </summary>
internal sealed class RemoteLanding(GitCli git, RemoteBranches remote, BranchLanding landing)
{
    public async Task<BranchDiff> DiffAsync(string repo, string branch, string into, CancellationToken ct)
    {
        var (tip, target) = await RefsAsync(repo, branch, into, ct);
        return await landing.DiffAsync(repo, branch, into, tip, target, ct);
    }

    public async Task<MergeOutcome> MergeAsync(string repo, string branch, string into, bool squash, string message, CancellationToken ct)
    {
        var (tip, target) = await RefsAsync(repo, branch, into, ct);
        var (commit, kind) = await landing.CommitAsync(repo, branch, into, tip, target, squash, message, ct);
        var push = await git.RunAsync(repo, ["push", "-q", "origin", $"{commit}:refs/heads/{into}"], ct);
        if (!push.Succeeded)
        {
            throw new WorkspaceException($"the remote's {into} could not be moved to the merged commit ({push.ErrorText}); nothing was merged there — if it moved meanwhile, merge again");
        }

        return new MergeOutcome(branch, into, commit, kind);
    }

    private async Task<(string Tip, string Target)> RefsAsync(string repo, string branch, string into, CancellationToken ct)
    {
        var pushed = await remote.FetchAsync(repo, into, branch, ct);
        var target = await CommitOfAsync(repo, $"refs/remotes/origin/{into}", ct)
            ?? throw new WorkspaceException($"the remote has no branch {into}");
        var tip = pushed ?? await CommitOfAsync(repo, $"refs/heads/{branch}", ct)
            ?? throw new WorkspaceException($"there is no branch {branch} on the remote or in this node's clone ({repo})");
        return (tip, target);
    }

    private async Task<string?> CommitOfAsync(string repo, string reference, CancellationToken ct)
    {
        var rev = await git.RunAsync(repo, ["rev-parse", "--verify", "-q", $"{reference}^{{commit}}"], ct);
        return rev.Succeeded ? rev.First.Trim() : null;
    }
}
