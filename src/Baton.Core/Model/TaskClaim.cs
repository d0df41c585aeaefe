namespace Baton.Core.Model;

/// <summary>
/// Who moved a task to running, and when: the process that writes its run next. Recorded so that a claim whose claimer
/// died before its run existed can go back to the queue at once instead of after a bound.
/// </summary>
public sealed record TaskClaim(RunOwner By, DateTimeOffset At);
