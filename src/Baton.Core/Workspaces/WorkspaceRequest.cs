using Baton.Core.Config;

namespace Baton.Core.Workspaces;

/// <summary>
/// What a task needs: a checkout of <see cref="DefaultBranch"/> on its own branch under <see cref="Root"/>; in worktree
/// mode, <see cref="Spares"/> more are kept checked out ahead for the tasks to come. With <see cref="Remote"/>, the
/// repository is this node's clone of the project's remote, which is the truth: the default branch and the task
/// branch are fetched first, and a task branch pushed by any node is taken up from there.
/// </summary>
public sealed record WorkspaceRequest(string RepoPath, string DefaultBranch, string TaskId, string Root, WorkspaceMode Mode, int Spares = 0)
{
    public bool Remote { get; init; }
}
