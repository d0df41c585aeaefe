using Baton.Core.Config;

namespace Baton.Core.Workspaces;

/// <summary>A prepared workspace. <see cref="BaseCommit"/> is the default branch's commit it started from.</summary>
public sealed record Workspace(string Path, string Branch, string BaseCommit, WorkspaceMode Mode, string RepoPath)
{
    /// <summary>For a remote project: the pushed commit the branch was taken up from, or null when the remote had none.</summary>
    public string? ResumedFrom { get; init; }

    /// <summary>For a remote project: commits of this node's copy of the branch that the remote replaced.</summary>
    public int DiscardedCommits { get; init; }
}
