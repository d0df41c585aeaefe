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
    /// Makes <paramref name="path"/> this node's clone of <paramref name="url"/> when it is not one yet (cloned aside and
    /// moved into place, so a half-made clone is never used); nothing when it exists.
    /// </summary>
    Task EnsureCloneAsync(string url, string path, CancellationToken ct);

    /// <summary>
    /// Pushes the task branch (only <c>baton/*</c>) to <c>origin</c> with a lease on the commit this node last saw there;
    /// null when the remote already has it. A lease that fails throws <see cref="BranchMovedException"/>, unless
    /// <paramref name="overwrite"/> (the caller holds the run): then the branch is fetched and replaced.
    /// </summary>
    Task<PushResult?> PushAsync(Workspace workspace, bool overwrite, CancellationToken ct);

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

    /// <summary>The repository's task branches (<c>baton/*</c>), and which of them are merged into <paramref name="into"/>.</summary>
    Task<TaskBranchList> ListTaskBranchesAsync(string repoPath, string into, CancellationToken ct);

    /// <summary>Deletes task branches (only <c>baton/*</c>; one checked out somewhere stays); returns those deleted.</summary>
    Task<IReadOnlyList<string>> DeleteTaskBranchesAsync(string repoPath, IReadOnlyList<string> branches, CancellationToken ct);

    /// <summary>
    /// For a remote project: fetches the remote's <paramref name="into"/> and task branches into this node's clone
    /// (forgetting those deleted there), and lists the remote's task branches, their commits, and which are merged into
    /// its <paramref name="into"/>.
    /// </summary>
    Task<TaskBranchList> ListRemoteTaskBranchesAsync(string clonePath, string into, CancellationToken ct);

    /// <summary>
    /// Deletes task branches (only <c>baton/*</c>) on a remote project's remote, in one push, each only while it is still
    /// at the commit given (a branch that moved since it was listed stays). A branch already gone counts as deleted.
    /// Throws <see cref="WorkspaceException"/> when the remote cannot be reached or refuses a deletion for another reason.
    /// </summary>
    Task<RemoteBranchDeletion> DeleteRemoteTaskBranchesAsync(string clonePath, IReadOnlyDictionary<string, string> expected, CancellationToken ct);

    /// <summary>The task branch against <paramref name="into"/> (from their merge base), without touching any checkout.</summary>
    Task<BranchDiff> DiffAsync(string repoPath, string branch, string into, CancellationToken ct);

    /// <summary>
    /// Lands <paramref name="branch"/> on <paramref name="into"/>: fast-forward when possible, else a merge commit (or one
    /// squashed commit). The result is computed before anything changes, so a conflict leaves every branch and checkout
    /// as it was (<see cref="WorkspaceException"/> naming the files); a checkout of <paramref name="into"/> with
    /// uncommitted changes is refused.
    /// </summary>
    Task<MergeOutcome> MergeAsync(string repoPath, string branch, string into, bool squash, string message, CancellationToken ct);

    /// <summary>As <see cref="DiffAsync"/> for a remote project, in this node's clone, against what the remote holds.</summary>
    Task<BranchDiff> DiffRemoteAsync(string clonePath, string branch, string into, CancellationToken ct);

    /// <summary>
    /// As <see cref="MergeAsync"/> for a remote project: computed in this node's clone from the remote's branches, then
    /// pushed to the remote's <paramref name="into"/> as a fast-forward (refused, with nothing merged, if it moved).
    /// </summary>
    Task<MergeOutcome> MergeRemoteAsync(string clonePath, string branch, string into, bool squash, string message, CancellationToken ct);
}
