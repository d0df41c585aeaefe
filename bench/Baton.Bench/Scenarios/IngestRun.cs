namespace Baton.Bench.Scenarios;

/// <summary>One ingest of (c): its rates, wall time and what arrived where.</summary>
internal sealed record IngestRun(
    string Verb,
    double Rate,
    double StageRate,
    double WallSeconds,
    int InStore,
    int InFile,
    bool GapFree,
    double FirstToLastAgentEventSeconds,
    double LastAgentEventToStageFinishedSeconds,
    double OtherWorkPercent);
