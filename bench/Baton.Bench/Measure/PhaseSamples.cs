namespace Baton.Bench.Measure;

/// <summary>Durations of named phases across many runs, summarised as p50/p99 in the order the phases were first seen.</summary>
internal sealed class PhaseSamples
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<double>> _samples = new(StringComparer.Ordinal);

    public void Add(string phase, double ms)
    {
        if (!_samples.TryGetValue(phase, out var list))
        {
            _order.Add(phase);
            _samples[phase] = list = [];
        }

        list.Add(ms);
    }

    public IReadOnlyList<PhaseSummary> Summary() =>
        _order.Select(p => new PhaseSummary(p, Stats.Median(_samples[p]), Stats.Percentile(_samples[p], 99), _samples[p].Average())).ToList();
}
