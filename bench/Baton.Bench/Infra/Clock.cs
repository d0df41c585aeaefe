using System.Globalization;

namespace Baton.Bench.Infra;

/// <summary>Wall-clock instants as nanoseconds since the Unix epoch, the unit every figure here is computed in.</summary>
internal static class Clock
{
    public static long UnixNs() => UnixNs(DateTimeOffset.UtcNow);

    /// <summary>DateTimeOffset has 100 ns ticks, so the result is exact to 100 ns.</summary>
    public static long UnixNs(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>Parses bash's <c>$EPOCHREALTIME</c> (<c>1795329289.401250</c>, microseconds) or <c>date +%s%N</c> (nanoseconds).</summary>
    public static long ParseEpoch(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return long.Parse(text, CultureInfo.InvariantCulture);
        }

        var seconds = long.Parse(text.AsSpan(0, dot), CultureInfo.InvariantCulture);
        var fraction = text[(dot + 1)..].PadRight(9, '0')[..9];
        return (seconds * 1_000_000_000) + long.Parse(fraction, CultureInfo.InvariantCulture);
    }

    public static double Ms(long ns) => ns / 1e6;
}
