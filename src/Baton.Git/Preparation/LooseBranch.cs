namespace Baton.Git.Preparation;

/// <summary>
/// Reads a just-created branch of a linked worktree from git's files: the worktree's <c>.git</c> file leads to its
/// admin dir, whose <c>commondir</c> leads to the repository, where a new branch is a loose ref file. Saves the
/// <c>rev-parse</c> after taking a spare; null whenever git keeps things otherwise (packed refs, reftable), and the
/// caller asks git.
/// </summary>
internal static class LooseBranch
{
    private const string GitdirPrefix = "gitdir: ";

    public static (string CommonDir, string Commit)? TryRead(string worktree, string branch)
    {
        try
        {
            var pointer = File.ReadAllText(Path.Combine(worktree, ".git")).Trim();
            if (!pointer.StartsWith(GitdirPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            var admin = Path.GetFullPath(pointer[GitdirPrefix.Length..], worktree);
            var common = Path.TrimEndingDirectorySeparator(Path.GetFullPath(File.ReadAllText(Path.Combine(admin, "commondir")).Trim(), admin));
            var sha = File.ReadAllText(Path.Combine(common, "refs", "heads", branch)).Trim();
            return sha.Length is 40 or 64 && sha.All(char.IsAsciiHexDigitLower) ? (common, sha) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
