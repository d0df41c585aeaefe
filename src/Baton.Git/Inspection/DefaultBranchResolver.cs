using Baton.Core.Workspaces;

namespace Baton.Git.Inspection;

/// <summary>Chooses the branch tasks start from, or says exactly why it cannot.</summary>
internal static class DefaultBranchResolver
{
    /// <param name="named">The configured <c>default_branch</c>, or null to detect it.</param>
    /// <param name="branches">Local branch names.</param>
    /// <param name="originHead">Where <c>refs/remotes/origin/HEAD</c> points, e.g. <c>refs/remotes/origin/main</c>.</param>
    /// <param name="current">The checked-out branch, or null when HEAD is detached.</param>
    public static string Resolve(string root, string? named, IReadOnlySet<string> branches, string? originHead, string? current)
    {
        if (named is not null)
        {
            return branches.Contains(named)
                ? named
                : throw new WorkspaceException(
                    $"The default branch '{named}' does not exist in {root}; its branches are: {List(branches)}. "
                    + "Set `default_branch` in baton.yaml to one of them.");
        }

        const string originPrefix = "refs/remotes/origin/";
        if (originHead is not null && originHead.StartsWith(originPrefix, StringComparison.Ordinal)
            && branches.Contains(originHead[originPrefix.Length..]))
        {
            return originHead[originPrefix.Length..];
        }

        if (current is "main" or "master")
        {
            return current;
        }

        return branches.Contains("main") ? "main"
            : branches.Contains("master") ? "master"
            : current ?? throw new WorkspaceException(
                $"Cannot tell the default branch of {root}: HEAD is detached and there is no main or master branch "
                + $"(branches: {List(branches)}). Set `default_branch` in baton.yaml.");
    }

    private static string List(IReadOnlySet<string> branches) =>
        branches.Count == 0 ? "(none)" : string.Join(", ", branches.Order(StringComparer.Ordinal));
}
