using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;

namespace Baton.Engine.Feed;

/// <summary>Which events end a run's story for a follower: it finished, or it was interrupted (resumable later).</summary>
public static class RunEnd
{
    public static bool IsEnd(RunEvent e) =>
        e.Data is RunFinishedData or RunStateData { AsRunState: RunState.Interrupted };
}
