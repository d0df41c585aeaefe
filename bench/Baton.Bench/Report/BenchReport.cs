using Baton.Bench.Measure;

namespace Baton.Bench.Report;

/// <summary>Everything one benchmark run produced; serialized as the JSON results file.</summary>
internal sealed record BenchReport(
    string Command,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    MachineInfo Machine,
    string Baton,
    BenchOptions Options,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<string> LeftoverProcesses);
