using Baton.Core.Workspaces;
using Baton.Git.Cleanup;
using Baton.Git.Cli;

namespace Baton.Git.Remote;

/// <summary>
/// A remote project's task branches on the remote itself: listed from a fresh fetch into this node's clone, deleted in
/// one push where each deletion carries a lease on the commit judged — so a branch that moved since (a retried task's
/// new work) is never deleted, and two nodes sweeping at once delete each branch once, the other's lease refused.
/// </summary>
internal sealed class RemoteTaskBranches(GitCli git, RemoteBranches remote, TaskBranches branches)
{
    private const string Space = "refs/remotes/origin/";

    public async Task<TaskBranchList> ListAsync(string clone, string into, CancellationToken ct)
    {
        await FetchAsync(clone, into, ct);
        return await branches.ListAsync(clone, Space, Space + into, ct);
    }

    public async Task<RemoteBranchDeletion> DeleteAsync(string clone, IReadOnlyDictionary<string, string> expected, CancellationToken ct)
    {
        var wanted = TaskBranches.Deletable(expected.Keys).ToList();
        if (wanted.Count == 0)
        {
            return new RemoteBranchDeletion([], []);
        }

        string[] args =
        [
            "push", "--porcelain", "--no-verify", "origin",
            .. wanted.Select(b => $"--force-with-lease=refs/heads/{b}:{expected[b]}"),
            .. wanted.Select(b => $":refs/heads/{b}"),
        ];
        var push = await git.RunAsync(clone, args, ct);
        if (!push.Succeeded && !push.Stdout.Contains("Done"))
        {
            throw GitCli.Failure(push, "Check that this node can reach the project's remote and may push there (credential helper or SSH key).");
        }

        // git refuses a lease both for a branch that moved and for one already gone (another node's sweep deleted it);
        // what the remote holds now tells the two apart, and the fetch forgets the gone ones in this clone as well.
        await remote.FetchRefsAsync(clone, [RemoteBranches.TaskBranchSpec(TaskBranches.Prefix)], "Check that this node can reach the project's remote.", ct);
        var now = await branches.TipsAsync(clone, Space, ct);
        var deleted = wanted.Where(b => !now.ContainsKey(b)).ToList();
        var moved = wanted.Where(b => now.TryGetValue(b, out var tip) && tip != expected[b]).ToList();
        if (!push.Succeeded && deleted.Count + moved.Count < wanted.Count)
        {
            var refused = wanted.Except(deleted).Except(moved);
            throw GitCli.Failure(push, $"The remote kept {string.Join(", ", refused)} unchanged: check that this node may delete branches there (credential helper or SSH key, branch protection).");
        }

        return new RemoteBranchDeletion(deleted, moved);
    }

    private Task FetchAsync(string clone, string into, CancellationToken ct) =>
        remote.FetchRefsAsync(clone, [$"+refs/heads/{into}:{Space}{into}", RemoteBranches.TaskBranchSpec(TaskBranches.Prefix)],
            $"Check that this node can reach the project's remote and that its default branch ({into}) exists there.", ct);
}
