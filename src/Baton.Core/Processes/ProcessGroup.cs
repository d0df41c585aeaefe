namespace Baton.Core.Processes;

/// <summary>A started process group: its leader's pid (= pgid) and start time.</summary>
public readonly record struct ProcessGroup(int Pgid, long StartTicks);
