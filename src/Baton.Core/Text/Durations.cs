using System.Globalization;
using System.Text;

namespace Baton.Core.Text;

/// <summary>
/// Durations as people write them in <c>baton.yaml</c> and on the command line: <c>500ms</c>, <c>20s</c>,
/// <c>30m</c>, <c>1h30m</c>, <c>2d</c>; a bare whole number is seconds.
/// </summary>
public static class Durations
{
    /// <summary>What a valid duration looks like, for error messages.</summary>
    public const string Hint = "a number with a unit, e.g. `500ms`, `20s`, `30m`, `1h30m` or `2d` (a bare number is seconds)";

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        if (s.All(char.IsAsciiDigit))
        {
            return TryScale(s, TimeSpan.TicksPerSecond, out value);
        }

        long ticks = 0;
        var lastUnit = -1;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var number = s[start..i];
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            // Units must be given largest first and once each, so "30m1h" or "1h1h" are refused, not guessed at.
            var unit = Array.FindIndex(Units, u => u.Unit == s[unitStart..i]);
            if (number.Length == 0 || unit <= lastUnit || !TryScale(number, Units[unit].Ticks, out var part))
            {
                return false;
            }

            try
            {
                ticks = checked(ticks + part.Ticks);
            }
            catch (OverflowException)
            {
                return false;
            }

            lastUnit = unit;
        }

        value = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>The shortest text <see cref="TryParse"/> reads back as the same value (to the millisecond).</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return "-" + Format(value.Duration());
        }

        var remaining = value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond);
        if (remaining == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        foreach (var (unit, ticks) in Units)
        {
            var count = remaining / ticks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                remaining -= count * ticks;
            }
        }

        return text.ToString();
    }

    private static bool TryScale(string digits, long ticksPerUnit, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count > TimeSpan.MaxValue.Ticks / ticksPerUnit)
        {
            return false;
        }

        value = TimeSpan.FromTicks(count * ticksPerUnit);
        return true;
    }
}
