using Baton.Core.Events;

namespace Baton.Engine.Feed;

/// <summary>Which events end a run's story for a follower: it finished, or it was interrupted (resumable later).</summary>
public static class RunEnd
{
    public static bool IsEnd(RunEvent e) =>
        e.Type == EventType.RunFinished
        || (e.Type == EventType.RunState && e.Data["state"]?.GetValue<string>() == "interrupted");
}
