namespace Baton.Core.Config;

public sealed record WorkspaceConfig
{
    public WorkspaceMode Mode { get; init; } = WorkspaceMode.Worktree;
    /// <summary>Where workspaces live; null means <c>&lt;state_dir&gt;/workspaces</c>.</summary>
    public string? Root { get; init; }
    /// <summary>How long a finished run's workspace is kept before cleanup removes it (its branch stays).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);
    /// <summary>
    /// Worktrees kept checked out ahead of time (worktree mode), so a task starts without waiting for a checkout;
    /// 0 turns it off.
    /// </summary>
    public int Spares { get; init; } = 1;
}
