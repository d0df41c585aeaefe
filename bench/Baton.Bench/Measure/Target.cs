using System.Globalization;

namespace Baton.Bench.Measure;

/// <summary>A figure's goal: at most (<c>≤</c>), at least (<c>≥</c>) or exactly (<c>=</c>) a value.</summary>
internal sealed record Target(string Op, double Value)
{
    public static Target AtMost(double value) => new("<=", value);

    public static Target AtLeast(double value) => new(">=", value);

    public static Target Exactly(double value) => new("==", value);

    public bool IsMet(double value) => !double.IsNaN(value) && Op switch
    {
        "<=" => value <= Value,
        ">=" => value >= Value,
        _ => value == Value,
    };

    public string Text(string unit)
    {
        var symbol = Op switch { "<=" => "≤", ">=" => "≥", _ => "=" };
        return $"{symbol} {Value.ToString("0.###", CultureInfo.InvariantCulture)}{(unit.Length == 0 ? "" : " " + unit)}";
    }
}
