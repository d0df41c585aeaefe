using Baton.Core.Config;

namespace Baton.Core.Workspaces;

/// <summary>
/// What a task needs: a checkout of <see cref="DefaultBranch"/> on its own branch under <see cref="Root"/>; in worktree
/// mode, <see cref="Spares"/> more are kept checked out ahead for the tasks to come.
/// </summary>
public sealed record WorkspaceRequest(string RepoPath, string DefaultBranch, string TaskId, string Root, WorkspaceMode Mode, int Spares = 0);
