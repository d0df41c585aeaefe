using Baton.Core.Workspaces;
using Baton.Git.Cli;

namespace Baton.Git.Changes;

/// <summary>
/// Files that differ between the base commit and the workspace as it stands: committed and uncommitted changes to
/// tracked files (one <c>git diff</c> against the working tree) plus new untracked, not ignored files.
/// </summary>
internal sealed class ChangedFiles(GitCli git)
{
    public async Task<IReadOnlyList<string>> ListAsync(Workspace workspace, CancellationToken ct)
    {
        var diff = git.RunCheckedAsync(workspace.Path, ["diff", "--name-only", "-z", "--no-renames", workspace.BaseCommit, "--"], ct);
        var untracked = git.RunCheckedAsync(workspace.Path, ["ls-files", "--others", "--exclude-standard", "-z"], ct);
        await Task.WhenAll(diff, untracked);
        return [.. Paths(await diff).Union(Paths(await untracked), StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    // -z output is NUL-separated; a newline inside a file name splits it into "lines", so they are joined back first.
    private static string[] Paths(GitOutput output) =>
        string.Join('\n', output.Stdout).Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
