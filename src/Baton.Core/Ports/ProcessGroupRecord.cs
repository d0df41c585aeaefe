namespace Baton.Core.Ports;

/// <summary>A process group a run started; <see cref="StartTicks"/> tells a reused pid from the original.</summary>
public sealed record ProcessGroupRecord(int Pgid, long StartTicks, string Stage);
