namespace Baton.Bench.Artifacts;

/// <summary>When each phase of one run began, from its <c>events.ndjson</c> (millisecond timestamps).</summary>
internal sealed record RunTimeline(string TaskId, string RunId, IReadOnlyDictionary<string, long> FirstNs)
{
    public static RunTimeline From(RunDir dir)
    {
        var first = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var evt in EventsFile.Read(dir.EventsFile))
        {
            first.TryAdd(evt.Type, evt.TsNs);
        }

        return new RunTimeline(dir.TaskId, dir.RunId, first);
    }

    /// <summary>Time of the first event of <paramref name="type"/>; throws when the run has none.</summary>
    public long At(string type) => FirstNs.TryGetValue(type, out var ns)
        ? ns
        : throw new Infra.BenchException($"run {RunId} has no {type} event");

    /// <summary>Milliseconds from the first <paramref name="from"/> event to the first <paramref name="to"/> event.</summary>
    public double Ms(string from, string to) => Infra.Clock.Ms(At(to) - At(from));
}
