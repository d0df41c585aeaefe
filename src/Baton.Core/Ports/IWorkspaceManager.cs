using Baton.Core.Workspaces;

namespace Baton.Core.Ports;

/// <remarks>Disposing waits for background work (spare worktrees being made) so no git process outlives Baton.</remarks>
public interface IWorkspaceManager : IAsyncDisposable
{
    /// <summary>
    /// Checks that <paramref name="path"/> is a git repository and that the default branch exists (detecting it when
    /// <paramref name="defaultBranch"/> is null). Throws <see cref="WorkspaceException"/> with advice otherwise.
    /// </summary>
    Task<RepoInfo> InspectAsync(string path, string? defaultBranch, CancellationToken ct);

    /// <summary>
    /// Creates the task's workspace and branch, or reuses them when they already exist (resume, retry); takes a spare
    /// worktree when one is ready.
    /// </summary>
    Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken ct);

    /// <summary>
    /// Starts making spare worktrees for the tasks to come (up to <see cref="WorkspaceRequest.Spares"/>), in the
    /// background; nothing in clone mode or with no spares wanted. Called once a run's first process is running.
    /// </summary>
    void MakeSpares(WorkspaceRequest request);

    /// <summary>Commits everything in the workspace to its branch; returns the commit, or null when nothing changed.</summary>
    Task<string?> CommitAllAsync(Workspace workspace, string message, CancellationToken ct);

    /// <summary>Files changed on the task branch since <see cref="Workspace.BaseCommit"/>.</summary>
    Task<IReadOnlyList<string>> ChangedFilesAsync(Workspace workspace, CancellationToken ct);

    /// <summary>Makes the task branch visible in the source repository (a no-op for worktrees; a fetch for clones).</summary>
    Task PublishAsync(Workspace workspace, CancellationToken ct);

    /// <summary>Removes the workspace directory; the branch and its commits stay.</summary>
    Task RemoveAsync(Workspace workspace, CancellationToken ct);
}
