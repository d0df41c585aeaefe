using System.Globalization;
using System.Text;
using Baton.Core.Workspaces;
using Baton.Git.Cli;

namespace Baton.Git.Landing;

/// <summary>
/// Reads and lands task branches. A merge is computed with <c>git merge-tree --write-tree</c> (no index, no checkout),
/// committed with <c>commit-tree</c>, and only then published: with a compare-and-set <c>update-ref</c>, or — when the
/// target branch is checked out in the repository — a fast-forward of that checkout to the new commit, which git
/// refuses rather than overwrite local changes. Nothing is ever half-merged.
/// </summary>
internal sealed class BranchLanding(GitCli git)
{
    public async Task<BranchDiff> DiffAsync(string repo, string branch, string into, CancellationToken ct)
    {
        var tip = await RequireBranchAsync(repo, branch, ct);
        var target = await RequireBranchAsync(repo, into, ct);
        return await DiffAsync(repo, branch, into, tip, target, ct);
    }

    /// <summary>The diff of <paramref name="tip"/> against <paramref name="target"/> from their merge base, named by their branches.</summary>
    public async Task<BranchDiff> DiffAsync(string repo, string branch, string into, string tip, string target, CancellationToken ct)
    {
        var range = $"{target}...{tip}";
        var numstat = await git.RunCheckedAsync(repo, ["diff", "--numstat", "--no-renames", range, "--"], ct);
        var patch = await git.RunCheckedAsync(repo, ["diff", "--no-renames", "--no-color", range, "--"], ct);
        var files = numstat.Stdout.Select(ParseNumstat).OfType<FileDiff>().ToList();
        var (text, truncated) = Cap(patch.Stdout);
        return new BranchDiff(branch, into, files, text, truncated);
    }

    public async Task<MergeOutcome> MergeAsync(string repo, string branch, string into, bool squash, string message, CancellationToken ct)
    {
        var tip = await RequireBranchAsync(repo, branch, ct);
        var target = await RequireBranchAsync(repo, into, ct);
        var checkout = await CheckedOutAsync(repo, into, ct);
        if (checkout is not null && (await git.RunCheckedAsync(checkout, ["status", "--porcelain", "--untracked-files=no"], ct)).Stdout.Count > 0)
        {
            throw new WorkspaceException($"{into} is checked out in {checkout} with uncommitted changes; commit or stash them first, then merge again (nothing was merged)");
        }

        var (commit, kind) = await CommitAsync(repo, branch, into, tip, target, squash, message, ct);
        if (checkout is null)
        {
            await git.RunCheckedAsync(repo, ["update-ref", "-m", $"baton: merge {branch}", $"refs/heads/{into}", commit, target], ct,
                $"{into} moved while merging; merge again");
        }
        else
        {
            await git.RunCheckedAsync(checkout, ["merge", "--ff-only", "-q", commit], ct,
                $"{into} in {checkout} could not be moved to the merged commit; nothing was merged");
        }

        return new MergeOutcome(branch, into, commit, kind);
    }

    /// <summary>
    /// The commit that lands <paramref name="tip"/> on <paramref name="target"/> — the tip itself for a fast-forward, else a
    /// merge (or squashed) commit made without touching any checkout; nothing is published yet.
    /// </summary>
    public async Task<(string Commit, MergeKind Kind)> CommitAsync(string repo, string branch, string into, string tip, string target, bool squash, string message, CancellationToken ct)
    {
        var ancestor = (await git.RunAsync(repo, ["merge-base", "--is-ancestor", target, tip], ct)).Succeeded;
        if (ancestor && tip == target)
        {
            throw new WorkspaceException($"{branch} has nothing that {into} lacks; nothing to merge");
        }

        if (ancestor && !squash)
        {
            return (tip, MergeKind.FastForward);
        }

        var tree = await MergedTreeAsync(repo, target, tip, branch, into, ct);
        string[] parents = squash ? ["-p", target] : ["-p", target, "-p", tip];
        var commit = (await git.RunCheckedAsync(repo, ["commit-tree", tree, .. parents, "-m", message], ct)).First.Trim();
        return (commit, squash ? MergeKind.Squash : MergeKind.Merge);
    }

    private async Task<string> MergedTreeAsync(string repo, string target, string tip, string branch, string into, CancellationToken ct)
    {
        var merged = await git.RunAsync(repo, ["merge-tree", "--write-tree", "--name-only", "--no-messages", target, tip], ct);
        if (merged.ExitCode == 1)
        {
            // First line: the tree with conflict markers; then the conflicted files.
            var files = merged.Stdout.Skip(1).Where(l => l.Length > 0).Distinct().ToList();
            throw new WorkspaceException(
                $"{branch} conflicts with {into} in {string.Join(", ", files.Take(10))}{(files.Count > 10 ? $" and {files.Count - 10} more" : "")}; " +
                $"nothing was merged: rebase the branch onto {into} (or retry the task from the current {into}) and merge again");
        }

        return merged.Succeeded ? merged.First.Trim() : throw GitCli.Failure(merged);
    }

    /// <summary>The worktree where <paramref name="branch"/> is checked out, if any.</summary>
    private async Task<string?> CheckedOutAsync(string repo, string branch, CancellationToken ct)
    {
        var list = await git.RunCheckedAsync(repo, ["worktree", "list", "--porcelain"], ct);
        string? path = null;
        foreach (var line in list.Stdout)
        {
            if (line.StartsWith("worktree ", StringComparison.Ordinal))
            {
                path = line["worktree ".Length..];
            }
            else if (line == $"branch refs/heads/{branch}")
            {
                return path;
            }
        }

        return null;
    }

    private async Task<string> RequireBranchAsync(string repo, string branch, CancellationToken ct)
    {
        var rev = await git.RunAsync(repo, ["rev-parse", "--verify", "-q", $"refs/heads/{branch}^{{commit}}"], ct);
        return rev.Succeeded ? rev.First.Trim() : throw new WorkspaceException($"there is no branch {branch} in {repo}");
    }

    private static FileDiff? ParseNumstat(string line)
    {
        var parts = line.Split('\t', 3);
        if (parts.Length < 3)
        {
            return null;
        }

        static int Count(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new FileDiff(parts[2], Count(parts[0]), Count(parts[1]));
    }

    private static (string Text, bool Truncated) Cap(IReadOnlyList<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (text.Length + line.Length + 1 > BranchDiff.MaxPatchBytes)
            {
                return (text.ToString(), true);
            }

            text.Append(line).Append('\n');
        }

        return (text.ToString(), false);
    }
}
