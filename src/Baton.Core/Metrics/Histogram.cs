namespace Baton.Core.Metrics;

/// <summary>A Prometheus histogram: observations counted into cumulative buckets (seconds), with their sum.</summary>
public sealed class Histogram
{
    public static readonly double[] DurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];

    private readonly long[] _counts = new long[DurationBuckets.Length];

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public void Observe(double seconds)
    {
        for (var i = 0; i < DurationBuckets.Length; i++)
        {
            if (seconds <= DurationBuckets[i])
            {
                _counts[i]++;
            }
        }

        Count++;
        Sum += seconds;
    }

    /// <summary>Observations at most <see cref="DurationBuckets"/>[i] seconds (cumulative, as Prometheus wants).</summary>
    public long AtMost(int bucket) => _counts[bucket];
}
