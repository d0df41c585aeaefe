using Baton.Core.Workspaces;
using Baton.Git.Cli;

namespace Baton.Git.Cleanup;

/// <summary>
/// The task branches (<c>baton/*</c>) of a repository, and their deletion. Two git calls list them all and which are
/// merged, however many there are; deletions go in one call. Nothing outside <c>baton/</c> is ever deleted.
/// </summary>
internal sealed class TaskBranches(GitCli git)
{
    public const string Prefix = "baton/";

    public async Task<TaskBranchList> ListAsync(string repoPath, string into, CancellationToken ct)
    {
        var all = await git.RunCheckedAsync(repoPath, ["for-each-ref", "--format=%(refname:short)", "refs/heads/" + Prefix], ct);
        var merged = await git.RunAsync(repoPath, ["for-each-ref", "--format=%(refname:short)", "--merged", into, "refs/heads/" + Prefix], ct);
        return new TaskBranchList(
            [.. all.Stdout.Where(b => b.StartsWith(Prefix, StringComparison.Ordinal))],
            merged.Succeeded ? [.. merged.Stdout.Where(b => b.StartsWith(Prefix, StringComparison.Ordinal))] : []);
    }

    /// <summary>Deletes the branches git lets go (not one a worktree has checked out); returns those deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(string repoPath, IReadOnlyList<string> branches, CancellationToken ct)
    {
        var wanted = branches.Where(b => b.StartsWith(Prefix, StringComparison.Ordinal) && !b.Contains("..", StringComparison.Ordinal)).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        await git.RunAsync(repoPath, ["branch", "-D", "--", .. wanted], ct);
        var left = (await ListAsync(repoPath, "HEAD", ct)).All.ToHashSet(StringComparer.Ordinal);
        return [.. wanted.Where(b => !left.Contains(b))];
    }
}
