namespace Baton.Bench.Measure;

internal sealed record PhaseSummary(string Phase, double P50Ms, double P99Ms, double MeanMs);
