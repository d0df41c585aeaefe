using System.Globalization;
using System.Text;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (c) Ingest: a command agent <c>cat</c>s N pre-generated JSON lines of 100 bytes; every one must become an
/// <c>agent.message</c> event in the store and in <c>events.ndjson</c>. Done <see cref="Rounds"/> times with
/// <c>baton run</c> (the figure: the median) and as many with <c>baton drain</c>, which prints no line per agent message,
/// to show what the live progress output costs. Each ingest gets a fresh repository.
/// </summary>
internal static class IngestScenario
{
    public const string Id = "c";
    public const string Title = "event ingest from one agent's stdout";
    private const int LineBytes = 100;
    private const int Rounds = 3;

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.Events;
        var dir = ctx.Temp.NewDir("c-ingest");
        var lines = Path.Combine(dir, "lines.ndjson");
        await WriteLinesAsync(lines, n, ctx.Token);
        var yaml = BatonYaml.Single("firehose", "cat \"$BENCH_LINES\"", 1, new Dictionary<string, string> { ["BENCH_LINES"] = lines });

        var runs = new List<IngestRun>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var verb in new[] { "run", "drain" })
            {
                ScenarioContext.Say($"(c) round {round + 1}/{Rounds}: baton {verb}, an agent printing {n} JSON lines…");
                runs.Add(await IngestAsync(ctx, Path.Combine(dir, $"{verb}-{round}"), yaml, verb, n));
            }
        }

        var viaRun = runs.Where(r => r.Verb == "run").ToList();
        var viaDrain = runs.Where(r => r.Verb == "drain").ToList();
        var count = $"{n.ToString(CultureInfo.InvariantCulture)} lines";
        Figure[] figures =
        [
            new("c.rate", "(c) ingest rate, baton run (median)", Stats.Median(viaRun.Select(r => r.Rate).ToList()), "events/s", Target.AtLeast(50_000),
                $"{count} ÷ (stage.finished ts − first agent event ts) in events.ndjson, median of {Rounds} `baton run PROMPT --agent A --format json` " +
                "(stdout and stderr to files); includes Baton committing the workspace after the agent exits"),
            new("c.rate_stage", "(c) same, over the stage's duration (median)", Stats.Median(viaRun.Select(r => r.StageRate).ToList()), "events/s", null,
                $"{count} ÷ the build stage's `seconds` in manifest.json (agent start → stage end), median of the same runs"),
            new("c.rate_drain", "(c) ingest rate, baton drain (median)", Stats.Median(viaDrain.Select(r => r.Rate).ToList()), "events/s", null,
                $"as (c) ingest rate, but the task queued with `tasks add` and worked by `baton drain`, which prints no line per agent message; median of {Rounds}"),
            new("c.wall", "(c) `baton run` wall time (median)", Stats.Median(viaRun.Select(r => r.WallSeconds).ToList()), "s", null,
                $"wall time of the whole `baton run` process for {count}"),
            new("c.others", "(c) other work on the CPUs during the ingests", Stats.Median(runs.Select(r => r.OtherWorkPercent).ToList()), "%", null,
                "median over all ingests of machine-wide busy CPU minus the bench's own tree, as a share of all CPUs"),
            new("c.store", "(c) agent events in the store (fewest)", runs.Min(r => r.InStore), "", Target.Exactly(n),
                "distinct `line N` agent.message events of the run in baton.db (SqliteStore.ReadEventsAsync), fewest over all ingests"),
            new("c.file", "(c) agent events in events.ndjson (fewest)", runs.Min(r => r.InFile), "", Target.Exactly(n),
                "distinct `line N` agent.message events in the run's events.ndjson, fewest over all ingests"),
        ];
        var details = new Dictionary<string, object?>
        {
            ["lines"] = n,
            ["line_bytes"] = LineBytes,
            ["rounds"] = Rounds,
            ["ingests"] = runs,
            ["seq_gap_free"] = runs.All(r => r.GapFree),
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    private static async Task<IngestRun> IngestAsync(ScenarioContext ctx, string path, string yaml, string verb, int n)
    {
        var repo = await BenchRepo.CreateAsync(path, yaml, ctx.Token);
        var timeout = TimeSpan.FromSeconds(120 + (n / 500));
        ProcessOutcome outcome;
        var others = Interference.Start();
        if (verb == "run")
        {
            outcome = await ctx.Baton.RunAsync(repo, ["run", "ingest", "--agent", "firehose", "--format", "json"], timeout, ctx.Token);
        }
        else
        {
            (await ctx.Baton.RunAsync(repo, ["tasks", "add", "ingest", "--agent", "firehose"], TimeSpan.FromMinutes(1), ctx.Token)).EnsureSuccess();
            outcome = await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], timeout, ctx.Token);
        }

        outcome.EnsureSuccess();
        var othersPercent = others.OtherPercent();
        var dirs = RunDir.All(repo.StateDir);
        if (dirs.Count != 1)
        {
            throw new BenchException($"expected one run, found {dirs.Count}");
        }

        var fileEvents = EventsFile.Read(dirs[0].EventsFile);
        List<EventLine> storeEvents;
        await using (var store = await StoreReader.OpenAsync(repo, ctx.Token))
        {
            storeEvents = await store.EventsAsync(dirs[0].RunId, ctx.Token);
        }

        var agentEvents = fileEvents.Where(e => e.Type.StartsWith("agent.", StringComparison.Ordinal)).ToList();
        var firstAgent = agentEvents[0].TsNs;
        var lastAgent = agentEvents[^1].TsNs;
        var stageFinished = fileEvents.First(e => e.Type == "stage.finished").TsNs;
        var stageSeconds = RunManifest.Read(dirs[0].ManifestFile).BuildStageSeconds ?? double.NaN;
        return new IngestRun(
            verb,
            n / ((stageFinished - firstAgent) / 1e9),
            n / stageSeconds,
            outcome.Wall.TotalSeconds,
            CountLines(storeEvents, n, "the store"),
            CountLines(fileEvents, n, "events.ndjson"),
            GapFree(fileEvents) && GapFree(storeEvents),
            (lastAgent - firstAgent) / 1e9,
            (stageFinished - lastAgent) / 1e9,
            othersPercent);
    }

    /// <summary>Lines of exactly <see cref="LineBytes"/> bytes: <c>{"type":"message","text":"line 0000042 the quick…"}</c>.</summary>
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
