namespace Baton.Engine.Leadership;

/// <summary>What happened to this node's hold on a singleton.</summary>
public enum LeadershipState
{
    /// <summary>This node took the lease and started the work.</summary>
    Taken,

    /// <summary>This node stopped the work: the lease changed hands, or could not be renewed in time.</summary>
    Lost,

    /// <summary>This node stopped and gave the lease up, so another node takes it at once.</summary>
    Released,

    /// <summary>Another node holds the lease (told once per holder).</summary>
    HeldElsewhere,
}
