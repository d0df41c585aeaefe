using System.Globalization;
using System.Text;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (c) Ingest: one <c>baton run</c> whose command agent <c>cat</c>s N pre-generated JSON lines of ~100 bytes; every one
/// must become an <c>agent.message</c> event in the store and in <c>events.ndjson</c>.
/// </summary>
internal static class IngestScenario
{
    public const string Id = "c";
    public const string Title = "event ingest from one agent's stdout";
    private const int LineBytes = 100;

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.Events;
        var dir = ctx.Temp.NewDir("c-ingest");
        var lines = Path.Combine(dir, "lines.ndjson");
        await WriteLinesAsync(lines, n, ctx.Token);
        var yaml = BatonYaml.Single("firehose", "cat \"$BENCH_LINES\"", 1, new Dictionary<string, string> { ["BENCH_LINES"] = lines });
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);

        ScenarioContext.Say($"(c) baton run with an agent printing {n} JSON lines…");
        var run = (await ctx.Baton.RunAsync(repo, ["run", "ingest", "--agent", "firehose", "--format", "json"],
            TimeSpan.FromSeconds(120 + (n / 500)), ctx.Token)).EnsureSuccess();

        var dirs = RunDir.All(repo.StateDir);
        if (dirs.Count != 1)
        {
            throw new BenchException($"expected one run, found {dirs.Count}");
        }

        var fileEvents = EventsFile.Read(dirs[0].EventsFile);
        await using var store = await StoreReader.OpenAsync(repo, ctx.Token);
        var storeEvents = await store.EventsAsync(dirs[0].RunId, ctx.Token);
        var inFile = CountLines(fileEvents, n, "events.ndjson");
        var inStore = CountLines(storeEvents, n, "the store");

        var firstAgent = fileEvents.First(e => e.Type.StartsWith("agent.", StringComparison.Ordinal)).TsNs;
        var lastAgent = fileEvents.Last(e => e.Type.StartsWith("agent.", StringComparison.Ordinal)).TsNs;
        var stageFinished = fileEvents.First(e => e.Type == "stage.finished").TsNs;
        var seconds = (stageFinished - firstAgent) / 1e9;
        var manifest = RunManifest.Read(dirs[0].ManifestFile);
        var count = $"{n.ToString(CultureInfo.InvariantCulture)} lines";
        Figure[] figures =
        [
            new("c.rate", "(c) ingest rate", n / seconds, "events/s", Target.AtLeast(50_000),
                $"{count} ÷ (stage.finished ts − first agent event ts), from events.ndjson; includes Baton committing the workspace after the agent exits"),
            new("c.rate_stage", "(c) ingest rate over the stage's duration", n / (manifest.BuildStageSeconds ?? double.NaN), "events/s", null,
                $"{count} ÷ the build stage's `seconds` in manifest.json (agent start → stage end)"),
            new("c.wall", "(c) `baton run` wall time", run.Wall.TotalSeconds, "s", null, $"wall time of the whole `baton run` process for {count}"),
            new("c.store", "(c) agent events in the store", inStore, "", Target.Exactly(n), "distinct `line N` agent.message events of the run in baton.db (SqliteStore.ReadEventsAsync)"),
            new("c.file", "(c) agent events in events.ndjson", inFile, "", Target.Exactly(n), "distinct `line N` agent.message events in the run's events.ndjson"),
        ];
        var details = new Dictionary<string, object?>
        {
            ["lines"] = n,
            ["line_bytes"] = LineBytes,
            ["events_in_file"] = fileEvents.Count,
            ["events_in_store"] = storeEvents.Count,
            ["seq_gap_free_file"] = GapFree(fileEvents),
            ["seq_gap_free_store"] = GapFree(storeEvents),
            ["first_to_last_agent_event_s"] = (lastAgent - firstAgent) / 1e9,
            ["last_agent_event_to_stage_finished_s"] = (stageFinished - lastAgent) / 1e9,
            ["first_agent_event_to_stage_finished_s"] = seconds,
            ["stage_seconds_manifest"] = manifest.BuildStageSeconds,
            ["baton_run_wall_s"] = run.Wall.TotalSeconds,
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    /// <summary>Lines of exactly <see cref="LineBytes"/> bytes: <c>{"type":"message","text":"line 0000042 lorem…"}</c>.</summary>
    private static async Task WriteLinesAsync(string path, int n, CancellationToken ct)
    {
        const string Filler = "the quick brown fox jumps over the lazy dog while the agent keeps on talking about it";
        var text = new StringBuilder(n * LineBytes);
        for (var i = 0; i < n; i++)
        {
            var head = $"{{\"type\":\"message\",\"text\":\"line {i.ToString("D7", CultureInfo.InvariantCulture)} ";
            text.Append(head).Append(Filler.AsSpan(0, LineBytes - head.Length - 3)).Append("\"}\n");
        }

        await File.WriteAllTextAsync(path, text.ToString(), ct);
    }

    /// <summary>How many distinct line numbers 0..n-1 arrived as agent.message events.</summary>
    private static int CountLines(IEnumerable<EventLine> events, int n, string where)
    {
        var seen = new bool[n];
        var distinct = 0;
        foreach (var e in events)
        {
            if (e.Type != "agent.message" || e.Text is not { Length: > 12 } text || !text.StartsWith("line ", StringComparison.Ordinal))
            {
                continue;
            }

            if (int.TryParse(text.AsSpan(5, 7), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < n && !seen[i])
            {
                seen[i] = true;
                distinct++;
            }
        }

        if (distinct != n)
        {
            ScenarioContext.Say($"(c) {where} holds {distinct} of {n} agent lines");
        }

        return distinct;
    }

    private static bool GapFree(List<EventLine> events) => events.Select((e, i) => e.Seq == i + 1).All(ok => ok);
}
