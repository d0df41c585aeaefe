namespace Baton.Git.Preparation;

/// <summary>
/// Reads and moves a linked worktree through git's own files (gitrepository-layout(5)), without starting git: the
/// worktree's <c>.git</c> file (<c>gitdir: &lt;admin dir&gt;</c>), the admin dir's <c>gitdir</c> ("the absolute path
/// back to the .git file that points to here") and <c>commondir</c>, and a new branch's loose ref. Every method
/// returns null/false when things are laid out otherwise (relative pointers, packed refs, reftable), and the caller
/// asks git instead.
/// </summary>
internal static class LinkedWorktree
{
    private const string GitdirPrefix = "gitdir: ";

    /// <summary>
    /// Moves the worktree the way <c>git worktree move</c> does for an absolute pointer: the admin dir's <c>gitdir</c>
    /// is pointed at the new place first, then the directory is renamed. A crash between the two leaves the old
    /// directory orphaned (never a workspace whose admin dir could be pruned).
    /// </summary>
    public static bool TryMove(string from, string to)
    {
        try
        {
            if (AdminDir(from) is not { } admin || !Path.IsPathRooted(admin))
            {
                return false;
            }

            var back = Path.Combine(admin, "gitdir");
            if (File.ReadAllText(back).Trim() != Path.Combine(from, ".git") || Path.Exists(to))
            {
                return false;
            }

            Point(back, to);
            try
            {
                Directory.Move(from, to);
            }
            catch
            {
                Point(back, from);
                throw;
            }

            return true;
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="branch"/> may exist in the repository whose git dir is <paramref name="commonDir"/>: its
    /// loose ref, or a line for it in <c>packed-refs</c>. True when either cannot be read (the caller then asks git).
    /// </summary>
    public static bool BranchMayExist(string commonDir, string branch)
    {
        try
        {
            if (Path.Exists(Path.Combine(commonDir, "refs", "heads", branch)))
            {
                return true;
            }

            var packed = Path.Combine(commonDir, "packed-refs");
            if (!File.Exists(packed))
            {
                return false;
            }

            var wanted = " refs/heads/" + branch;
            return File.ReadLines(packed).Any(l => l.EndsWith(wanted, StringComparison.Ordinal));
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            return true;
        }
    }

    /// <summary>The repository's git dir and the commit of a just-created <paramref name="branch"/> (a loose ref).</summary>
    public static (string CommonDir, string Commit)? TryReadBranch(string worktree, string branch)
    {
        try
        {
            if (AdminDir(worktree) is not { } pointer)
            {
                return null;
            }

            var admin = Path.GetFullPath(pointer, worktree);
            var common = Path.TrimEndingDirectorySeparator(Path.GetFullPath(File.ReadAllText(Path.Combine(admin, "commondir")).Trim(), admin));
            var sha = File.ReadAllText(Path.Combine(common, "refs", "heads", branch)).Trim();
            return sha.Length is 40 or 64 && sha.All(char.IsAsciiHexDigitLower) ? (common, sha) : null;
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            return null;
        }
    }

    /// <summary>The admin dir named by the worktree's <c>.git</c> file, as written (absolute or relative).</summary>
    internal static string? AdminDir(string worktree)
    {
        var pointer = File.ReadAllText(Path.Combine(worktree, ".git")).Trim();
        return pointer.StartsWith(GitdirPrefix, StringComparison.Ordinal) ? pointer[GitdirPrefix.Length..] : null;
    }

    private static void Point(string gitdirFile, string worktree)
    {
        var temp = $"{gitdirFile}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, Path.Combine(worktree, ".git") + "\n");
        File.Move(temp, gitdirFile, overwrite: true);
    }

    private static bool IsFileProblem(Exception ex) => ex is IOException or UnauthorizedAccessException or ArgumentException;
}
