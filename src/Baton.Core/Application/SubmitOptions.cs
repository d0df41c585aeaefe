using Baton.Core.Model;

namespace Baton.Core.Application;

/// <summary>How a task is submitted.</summary>
public sealed record SubmitOptions
{
    public TaskSource Source { get; init; } = TaskSource.Cli;
    public Placement Placement { get; init; } = Placement.Queue;
    /// <summary>Check the repository first (it exists, the default branch has no uncommitted changes unless allowed).</summary>
    public bool CheckRepository { get; init; }
    public bool AllowDirty { get; init; }
}
