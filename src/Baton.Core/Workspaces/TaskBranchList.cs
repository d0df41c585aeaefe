namespace Baton.Core.Workspaces;

/// <summary>A repository's task branches (<c>baton/*</c>), and those merged into the branch asked about.</summary>
public sealed record TaskBranchList(IReadOnlyList<string> All, IReadOnlyList<string> Merged)
{
    /// <summary>Each branch's commit as listed: what a guarded deletion expects to find.</summary>
    public IReadOnlyDictionary<string, string> Tips { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
