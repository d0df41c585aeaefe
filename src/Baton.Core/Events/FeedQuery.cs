namespace Baton.Core.Events;

/// <summary>
/// Which events a feed reader wants: those with a position greater than <see cref="After"/>, optionally only one
/// task's (its task events and every event of its runs), one run's, or types starting with <see cref="TypePrefix"/>
/// (<c>agent.</c>, <c>run.finished</c>).
/// </summary>
public sealed record FeedQuery(long After = 0, string? TaskId = null, string? RunId = null, string? TypePrefix = null)
{
    public bool Matches(RunEvent e) =>
        e.Position > After
        && (TaskId is null || e.TaskId == TaskId)
        && (RunId is null || e.RunId == RunId)
        && (TypePrefix is null || e.Type.Name().StartsWith(TypePrefix, StringComparison.Ordinal));
}
