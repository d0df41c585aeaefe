namespace Baton.Engine.Scheduling;

public enum QueueMode
{
    /// <summary>Run what is ready, without waiting for back-offs to elapse, then stop (<c>baton loop --once</c>).</summary>
    Once,
    /// <summary>Work until nothing is queued, waiting or running (<c>baton drain</c>).</summary>
    Drain,
    /// <summary>Work forever, polling for new tasks (<c>baton loop</c>, <c>baton serve</c>).</summary>
    Forever,
}
