using System.Globalization;

namespace Baton.Core.Text;

/// <summary>
/// Timestamps as fixed-width ISO-8601 UTC text with milliseconds (<c>2026-11-22T10:00:00.123Z</c>): readable in the
/// sqlite shell, ordered the same as text and as time, and the same form <c>events.ndjson</c> uses.
/// </summary>
public static class UtcText
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Length of <see cref="Format"/> output.</summary>
    public const int Length = 24;

    public static string ToText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryFormat(DateTimeOffset value, Span<char> destination, out int written) =>
        value.UtcDateTime.TryFormat(destination, out written, Format, CultureInfo.InvariantCulture);

    public static bool TryFormat(DateTimeOffset value, Span<byte> utf8Destination, out int written) =>
        value.UtcDateTime.TryFormat(utf8Destination, out written, Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTimeOffset value) => DateTimeOffset.TryParseExact(
        text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    public static object ToDb(DateTimeOffset? value) => value is { } v ? ToText(v) : DBNull.Value;
}
