namespace Baton.Core.Ports;

/// <summary>What a heartbeat learns: whether the writer still holds the run, and whether someone asked it to stop.</summary>
public readonly record struct RunBeat(bool Owned, bool StopRequested);
