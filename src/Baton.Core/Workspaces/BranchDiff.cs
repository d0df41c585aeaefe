namespace Baton.Core.Workspaces;

/// <summary>
/// A task branch against the branch it started from: the files it changes (lines added and deleted; binary files
/// count 0) and the unified patch, cut at <see cref="MaxPatchBytes"/>.
/// </summary>
public sealed record BranchDiff(string Branch, string Base, IReadOnlyList<FileDiff> Files, string Patch, bool Truncated)
{
    public const int MaxPatchBytes = 1 << 20;
}

public sealed record FileDiff(string Path, int Additions, int Deletions);

/// <summary>A landed task branch: the default branch's new tip and how it got there.</summary>
public sealed record MergeOutcome(string Branch, string Into, string Commit, MergeKind Kind);

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<MergeKind>))]
public enum MergeKind
{
    /// <summary>The default branch had not moved: it now points at the task branch's tip.</summary>
    FastForward,

    /// <summary>A merge commit with both tips as parents.</summary>
    Merge,

    /// <summary>One new commit on the default branch holding all of the task's changes.</summary>
    Squash,
}
