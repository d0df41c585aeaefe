namespace Baton.Engine.Tests.Fakes;

/// <summary>
/// The real clock plus an offset a test can move forward, so a back-off can elapse at once. Timers and elapsed-time
/// measurements stay on real time; only "now" jumps.
/// </summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
