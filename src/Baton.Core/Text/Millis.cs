namespace Baton.Core.Text;

/// <summary>Times as Baton stores them: UTC to the millisecond, so what a listener sees is what a later read returns.</summary>
public static class Millis
{
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
