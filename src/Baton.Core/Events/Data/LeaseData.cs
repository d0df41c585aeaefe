namespace Baton.Core.Events.Data;

/// <summary><c>lease.acquired</c>: a node of a shared store took the run and holds it while it renews its heartbeat.</summary>
public sealed record LeaseAcquiredData() : EventData(EventType.LeaseAcquired)
{
    /// <summary>The node: host and process id.</summary>
    public required string Node { get; init; }
    /// <summary>The run's fencing token under this node: every write of the run carries it.</summary>
    public required long Epoch { get; init; }
    public required double LeaseSeconds { get; init; }
}

/// <summary>
/// <c>lease.lost</c>: the node holding the run stopped renewing its lease (killed, hung, cut off); another node took the
/// run over, and it resumes from its last finished stage.
/// </summary>
public sealed record LeaseLostData() : EventData(EventType.LeaseLost)
{
    /// <summary>The node that lost the run.</summary>
    public required string Node { get; init; }
    public DateTimeOffset? LastHeartbeat { get; init; }
    /// <summary>The node that took it over.</summary>
    public required string By { get; init; }
}
