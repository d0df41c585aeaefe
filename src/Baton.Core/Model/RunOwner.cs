namespace Baton.Core.Model;

/// <summary>The process that holds a run. Pid plus its start time, so a reused pid is not mistaken for the owner.</summary>
public sealed record RunOwner(string Host, int Pid, long StartTicks);
