namespace Baton.Core.Workspaces;

/// <summary>A repository's task branches (<c>baton/*</c>), and those merged into the branch asked about.</summary>
public sealed record TaskBranchList(IReadOnlyList<string> All, IReadOnlyList<string> Merged);
