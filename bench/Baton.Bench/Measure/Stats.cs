namespace Baton.Bench.Measure;

/// <summary>Order statistics over a sample.</summary>
internal static class Stats
{
    /// <summary>Nearest-rank percentile (p in 0..100): the smallest value with at least p% of the sample at or below it.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);
}
