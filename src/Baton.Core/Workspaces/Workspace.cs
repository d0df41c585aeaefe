using Baton.Core.Config;

namespace Baton.Core.Workspaces;

/// <summary>A prepared workspace. <see cref="BaseCommit"/> is the default branch's commit it started from.</summary>
public sealed record Workspace(string Path, string Branch, string BaseCommit, WorkspaceMode Mode, string RepoPath);
