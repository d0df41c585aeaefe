using Baton.Git.Cli;

namespace Baton.Git.Preparation;

/// <summary>
/// Registers a linked worktree by writing git's own files (gitrepository-layout(5)) and lets one <c>git reset --hard</c>
/// check it out — the steps <c>git worktree add</c> takes, without the scan of every existing worktree it makes first
/// (with 1,400 worktrees one <c>worktree add</c> cost 290 ms here, most of it reading the others' admin files; the
/// scan is why a thousand workspaces took minutes). Order matters for crash safety and for a concurrent
/// <c>git worktree prune</c>: the worktree's <c>.git</c> pointer is written first, the admin dir is built outside
/// <c>worktrees/</c> and renamed into place whole, and only then is the checkout filled in. Returns false — having
/// removed what it made — whenever the layout is not the plain one (a <c>.git</c> file instead of a directory,
/// reftable refs, a name already taken) or git refuses; the caller then uses <c>git worktree add</c>.
/// </summary>
internal static class QuickWorktree
{
    /// <param name="head">The new worktree's HEAD: <c>ref: refs/heads/…</c> or a commit id.</param>
    /// <param name="resetTo">
    /// Null: HEAD's commit is checked out (a branch HEAD names must exist). A revision: the checkout moves HEAD there —
    /// for a HEAD naming a branch that does not exist yet, the one <c>git reset</c> creates the branch at that revision.
    /// </param>
    public static async Task<bool> TryAddAsync(GitCli git, string repoPath, string dir, string head, CancellationToken ct, bool background = false, string? resetTo = null)
    {
        var common = Path.Combine(repoPath, ".git");
        if (!Directory.Exists(common) || Directory.Exists(Path.Combine(common, "reftable")) || Path.Exists(dir))
        {
            return false;
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        var admin = Path.Combine(common, "worktrees", name);
        var building = Path.Combine(common, "baton", "worktrees", $"{name}.{Environment.ProcessId}");
        var registered = false;
        try
        {
            if (Path.Exists(admin))
            {
                return false;
            }

            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, ".git"), $"gitdir: {admin}\n");
            Directory.CreateDirectory(building);
            File.WriteAllText(Path.Combine(building, "commondir"), "../..\n");
            File.WriteAllText(Path.Combine(building, "gitdir"), Path.Combine(dir, ".git") + "\n");
            File.WriteAllText(Path.Combine(building, "HEAD"), head + "\n");
            Directory.CreateDirectory(Path.GetDirectoryName(admin)!);
            Directory.Move(building, admin);
            registered = true;
            string[] reset = resetTo is null
                ? ["reset", "-q", "--hard", "--no-recurse-submodules"]
                : ["reset", "-q", "--hard", "--no-recurse-submodules", resetTo, "--"];
            if ((await git.RunAsync(dir, reset, ct, background)).Succeeded)
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Fall through: undo, and let `git worktree add` do it (or say why it cannot).
        }

        Undo(dir, registered ? admin : null, building);
        return false;
    }

    /// <summary>
    /// Clears a worktree this class began and a killed process did not finish: its <c>.git</c> pointer names an admin
    /// dir that is missing, or one without an <c>index</c> (<c>git reset --hard</c> writes it last, by rename, when the
    /// checkout is complete). True when something was cleared; the caller then makes the workspace afresh. A finished
    /// worktree, or anything else, is left alone.
    /// </summary>
    public static bool ClearUnfinished(string dir)
    {
        try
        {
            if (!File.Exists(Path.Combine(dir, ".git")) || LinkedWorktree.AdminDir(dir) is not { } admin
                || !Path.IsPathRooted(admin) || Path.GetFileName(Path.GetDirectoryName(admin)) != "worktrees"
                || (Directory.Exists(admin) && File.Exists(Path.Combine(admin, "index"))))
            {
                return false;
            }

            Undo(dir, Directory.Exists(admin) ? admin : null, building: null);
            return !Directory.Exists(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Undo(string dir, string? admin, string? building)
    {
        foreach (var path in new[] { admin, building, dir })
        {
            try
            {
                if (path is not null && Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // What is left is an unregistered directory or an admin dir `git worktree prune` removes.
            }
        }
    }
}
