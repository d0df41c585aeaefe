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

        // `worktree remove` also drops git's registration; only when it cannot (directory already gone, or content
        // git refuses to delete) is the directory deleted by hand and the stale registration pruned.
        if (Directory.Exists(workspace.Path)
            && (await git.RunAsync(workspace.RepoPath, ["worktree", "remove", "--force", workspace.Path], ct)).Succeeded)
        {
            return;
        }

        ForceDelete(workspace.Path);
        await git.RunCheckedAsync(workspace.RepoPath, ["worktree", "prune"], ct);
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
