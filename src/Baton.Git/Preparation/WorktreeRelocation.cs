namespace Baton.Git.Preparation;

/// <summary>
/// Moves a linked worktree the way <c>git worktree move</c> does, without starting git: the admin dir's
/// <c>gitdir</c> file (gitrepository-layout(5): "the absolute path back to the .git file that points to here") is
/// pointed at the new place first, then the directory is renamed. A crash between the two leaves the old directory
/// orphaned (never a workspace pointing at nothing), and the spare is dropped. Only for the simple case — an absolute
/// <c>gitdir:</c> in the worktree's <c>.git</c> file whose admin dir points back at it — otherwise returns false and
/// the caller asks git.
/// </summary>
internal static class WorktreeRelocation
{
    private const string GitdirPrefix = "gitdir: ";

    public static bool TryMove(string from, string to)
    {
        try
        {
            var pointer = File.ReadAllText(Path.Combine(from, ".git")).Trim();
            if (!pointer.StartsWith(GitdirPrefix, StringComparison.Ordinal) || !Path.IsPathRooted(pointer[GitdirPrefix.Length..]))
            {
                return false;
            }

            var back = Path.Combine(pointer[GitdirPrefix.Length..], "gitdir");
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private static void Point(string gitdirFile, string worktree)
    {
        var temp = $"{gitdirFile}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, Path.Combine(worktree, ".git") + "\n");
        File.Move(temp, gitdirFile, overwrite: true);
    }
}
