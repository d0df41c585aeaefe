namespace Baton.Engine.Leadership;

/// <summary>A change of who does a singleton's work, as this node sees it: its state, the holder, the epoch, and why.</summary>
public sealed record LeadershipChange(string Name, LeadershipState State, string Holder, long Epoch, string? Why = null);
