namespace Baton.Bench.Artifacts;

/// <summary>The parts of one event (from <c>events.ndjson</c> or the store) the benchmark looks at; times in Unix ns.</summary>
internal sealed record EventLine(long Seq, long TsNs, string Type, string? Stage, string? Text);
