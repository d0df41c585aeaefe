namespace Baton.Core.Workspaces;

/// <summary>What Baton learned about a repository before using it.</summary>
public sealed record RepoInfo(string Root, string DefaultBranch, string HeadCommit, string? CurrentBranch, bool HasTrackedChanges);
