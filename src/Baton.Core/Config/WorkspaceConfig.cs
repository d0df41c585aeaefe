namespace Baton.Core.Config;

public sealed record WorkspaceConfig
{
    public WorkspaceMode Mode { get; init; } = WorkspaceMode.Worktree;
    /// <summary>Where workspaces live; null means <c>&lt;state_dir&gt;/workspaces</c>.</summary>
    public string? Root { get; init; }
    /// <summary>How long a finished run's workspace is kept before cleanup removes it (its branch stays).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);
}
