using Baton.Core.Config;
using Baton.Core.Workspaces;
using Baton.Git.Cli;

namespace Baton.Git.Cleanup;

/// <summary>Removes a workspace directory; the task branch and its commits stay in the repository.</summary>
internal sealed class WorkspaceRemover(GitCli git)
{
    public async Task RemoveAsync(Workspace workspace, CancellationToken ct)
    {
        if (workspace.Mode == WorkspaceMode.Clone)
        {
            DeleteClone(workspace);
            return;
        }

        await RemoveWorktreeAsync(workspace.RepoPath, workspace.Path, ct);
    }

    /// <summary>
    /// Removes a linked worktree and git's registration of it. <c>worktree remove</c> does both; only when it cannot
    /// (directory already gone, content git refuses to delete, not a worktree git knows) is the directory deleted by
    /// hand and the stale registration pruned. <paramref name="background"/>: work nobody waits for.
    /// </summary>
    public async Task RemoveWorktreeAsync(string repoPath, string path, CancellationToken ct, bool background = false)
    {
        if (Directory.Exists(path) && (await git.RunAsync(repoPath, ["worktree", "remove", "--force", path], ct, background)).Succeeded)
        {
            return;
        }

        ForceDelete(path);
        await git.RunCheckedAsync(repoPath, ["worktree", "prune"], ct);
    }

    private static void DeleteClone(Workspace workspace)
    {
        if (!Directory.Exists(workspace.Path))
        {
            return;
        }

        var path = Path.GetFullPath(workspace.Path);
        if (path == Path.GetFullPath(workspace.RepoPath) || !Directory.Exists(Path.Combine(path, ".git")))
        {
            throw new WorkspaceException($"Refusing to delete {path}: it is not a task clone (no .git directory, or it is the project itself).");
        }

        ForceDelete(path);
    }

    /// <summary>Deletes a tree, making read-only directories (e.g. module caches) writable when a first attempt fails.</summary>
    private static void ForceDelete(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException) when (!OperatingSystem.IsWindows())
        {
            foreach (var dir in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories).Prepend(path))
            {
                File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.Delete(path, recursive: true);
        }
    }
}
