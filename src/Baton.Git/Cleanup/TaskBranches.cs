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

    public Task<TaskBranchList> ListAsync(string repoPath, string into, CancellationToken ct) => ListAsync(repoPath, "refs/heads/", into, ct);

    /// <summary>
    /// The task branches under <paramref name="space"/> (<c>refs/heads/</c>, or <c>refs/remotes/origin/</c> for a
    /// remote's as last fetched), named without it, with their commits and which are merged into <paramref name="into"/>.
    /// </summary>
    public async Task<TaskBranchList> ListAsync(string repoPath, string space, string into, CancellationToken ct)
    {
        var tips = await TipsAsync(repoPath, space, ct);
        var merged = await git.RunAsync(repoPath, ["for-each-ref", $"--format={NameFormat(space)}", "--merged", into, space + Prefix], ct);
        return new TaskBranchList([.. tips.Keys], merged.Succeeded ? [.. merged.Stdout.Where(b => b.StartsWith(Prefix, StringComparison.Ordinal))] : [])
        {
            Tips = tips,
        };
    }

    /// <summary>The task branches under <paramref name="space"/>, named without it, and their commits (one git call).</summary>
    public async Task<Dictionary<string, string>> TipsAsync(string repoPath, string space, CancellationToken ct)
    {
        var all = await git.RunCheckedAsync(repoPath, ["for-each-ref", $"--format={NameFormat(space)} %(objectname)", space + Prefix], ct);
        return all.Stdout
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[0].StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    private static string NameFormat(string space) => $"%(refname:lstrip={space.Count(c => c == '/')})";

    /// <summary>Branch names Baton may delete: its own, and nothing a refspec could read as more than one ref.</summary>
    public static IEnumerable<string> Deletable(IEnumerable<string> branches) =>
        branches.Where(b => b.StartsWith(Prefix, StringComparison.Ordinal) && !b.Contains("..", StringComparison.Ordinal)
            && !b.Contains(':', StringComparison.Ordinal) && !b.Contains('*', StringComparison.Ordinal)).Distinct();

    /// <summary>Deletes the branches git lets go (not one a worktree has checked out); returns those deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(string repoPath, IReadOnlyList<string> branches, CancellationToken ct)
    {
        var wanted = Deletable(branches).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        await git.RunAsync(repoPath, ["branch", "-D", "--", .. wanted], ct);
        var left = await TipsAsync(repoPath, "refs/heads/", ct);
        return [.. wanted.Where(b => !left.ContainsKey(b))];
    }
}
