using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (i) SSE fan-out: 100 clients follow <c>/api/v1/events</c> of a real <c>baton serve</c> while a command agent prints
/// 10,000 JSON lines as fast as it can; latency of an event at a client = its arrival − the event's <c>ts</c>.
/// (j) task create through the API: 200 <c>POST /api/v1/tasks</c> one after another (queue paused), each timed.
/// </summary>
internal static class ApiScenario
{
    public const string Id = "i";
    public const string Title = "HTTP API: SSE fan-out to 100 clients during a 10,000-line agent, and task create latency";
    private const int Clients = 100;
    private const int Lines = 10_000;
    private const int Creates = 200;

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var agent = $$"""for i in $(seq {{Lines.ToString(CultureInfo.InvariantCulture)}}); do echo "{\"type\":\"message\",\"text\":\"$i\"}"; done""";
        var repo = await BenchRepo.CreateAsync(ctx.Temp.NewDir("i-api"), BatonYaml.Single("talker", agent, 1), ctx.Token);
        ScenarioContext.Say($"(i) baton serve; {Clients} SSE clients while an agent prints {Lines} lines…");
        var fanOut = await ServeAsync(ctx, repo, FanOutAsync);
        // The same 10,000 lines at a pace the 2 CPUs can fan out (20 lines, then `sleep 0.01`: about 1,500 a second).
        var paced = $$"""for i in $(seq {{Lines.ToString(CultureInfo.InvariantCulture)}}); do echo "{\"type\":\"message\",\"text\":\"$i\"}"; [ $((i % 20)) -eq 0 ] && sleep 0.01; done; true""";
        ScenarioContext.Say("(i) again, the agent printing 20 lines every 10 ms…");
        var pacedOut = await ServeAsync(ctx, await BenchRepo.CreateAsync(ctx.Temp.NewDir("i-paced"), BatonYaml.Single("talker", paced, 1), ctx.Token), FanOutAsync);
        ScenarioContext.Say($"(j) a fresh baton serve, queue paused; {Creates} task creates one after another…");
        var creates = await ServeAsync(ctx, await BenchRepo.CreateAsync(ctx.Temp.NewDir("j-create"), BatonYaml.Single("talker", "true", 1), ctx.Token), CreatesAsync);
        var samples = new Samples(fanOut.LatencyMs, fanOut.MissedOrDoubled, fanOut.EventsPerClient, creates.CreateMs);
        var paint = await DashboardPaint.MeasureAsync(ctx, async (c, r, drive) =>
            await ServeAsync(c, r, async (_, url, ct) =>
            {
                await drive(url, ct);
                return new Samples([], 0, 0, []);
            }));

        var figures = new List<Figure>
        {
            new("i.p50", "(i) SSE delivery to 100 clients: p50", Stats.Median(samples.LatencyMs), "ms", null,
                $"arrival of an event's frame at a client − the event's ts (stamped at emit; the journal commits every 20 ms), over every event of the run at each of {Clients} clients"),
            new("i.p99", "(i) SSE delivery to 100 clients: p99", Stats.Percentile(samples.LatencyMs, 99), "ms", Target.AtMost(100), "as above, 99th percentile"),
            new("i.lost", "(i) events missed or doubled by a client", samples.MissedOrDoubled + pacedOut.MissedOrDoubled, "", Target.Exactly(0),
                "per client, the run's positions it received compared with the first client's, plus agent.message frames ≠ 10,000; both rounds"),
            new("i.paced.p50", "(i) same, agent paced (20 lines / 10 ms): p50", Stats.Median(pacedOut.LatencyMs), "ms", null,
                "as (i), the agent printing 20 lines then `sleep 0.01` (about 1,500 lines a second: 150,000 frames a second to 100 clients)"),
            new("i.paced.p99", "(i) same, agent paced (20 lines / 10 ms): p99", Stats.Percentile(pacedOut.LatencyMs, 99), "ms", null, "as above, 99th percentile"),
            new("j.p50", "(j) task create through the API: p50", Stats.Median(samples.CreateMs), "ms", null,
                $"POST /api/v1/tasks round trip on a kept-alive connection, {Creates} one after another, queue paused"),
            new("j.p99", "(j) task create through the API: p99", Stats.Percentile(samples.CreateMs, 99), "ms", Target.AtMost(10), "as above, 99th percentile"),
            new("j.paint", "(j) dashboard with 1,000 runs: list painted (median)", Stats.Median(paint), "ms", Target.AtMost(1000),
                "headless Chromium (Playwright): navigation start → the runs list's first page (100 rows) in the DOM and one animation frame later; a fresh page each time, 5 after one warm-up, against `baton serve` on a repository with 1,000 finished runs"),
        };
        return new ScenarioResult(Id, Title, figures, new Dictionary<string, object?>
        {
            ["clients"] = Clients,
            ["events_per_client"] = samples.EventsPerClient,
            ["latency_max_ms"] = samples.LatencyMs.Max(),
            ["create_max_ms"] = samples.CreateMs.Max(),
            ["create_slowest_ms"] = samples.CreateMs.Select((ms, i) => (ms, i)).OrderByDescending(x => x.ms).Take(10).Select(x => $"#{x.i}: {x.ms:0.0}").ToList(),
        });
    }

    private sealed record Samples(List<double> LatencyMs, int MissedOrDoubled, int EventsPerClient, List<double> CreateMs);

    /// <summary>Runs <c>baton serve</c> on a free port while <paramref name="drive"/> works against it, then Ctrl-C.</summary>
    private static async Task<Samples> ServeAsync(ScenarioContext ctx, BenchRepo repo, Func<HttpClient, Uri, CancellationToken, Task<Samples>> drive)
    {
        var port = Baton.Testing.FreePorts.Next();
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        Samples? samples = null;
        var serve = await ctx.Baton.RunAsync(repo, ["serve", "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], TimeSpan.FromMinutes(5), ctx.Token,
            async (process, ct) =>
            {
                using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
                try
                {
                    await WaitUpAsync(http, ct);
                    samples = await drive(http, url, ct);
                }
                finally
                {
                    using var interrupt = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                    await interrupt!.WaitForExitAsync(CancellationToken.None);
                }
            });
        return samples ?? throw new BenchException($"(i) did not finish: baton serve exited {serve.ExitCode}; stderr:\n{serve.Stderr}");
    }

    private static async Task<Samples> FanOutAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        var head = JsonDocument.Parse(await http.GetStringAsync("api/v1/tasks?limit=1", ct)).RootElement.GetProperty("position").GetInt64();
        var clients = Enumerable.Range(0, Clients).Select(_ => FollowAsync(url, head, ct)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2), ct);   // every client connected and replayed (nothing to replay)
        await PostAsync(http, """{"title":"fan-out"}""", ct);
        var received = await Task.WhenAll(clients);

        var reference = received[0].Select(r => r.Position).ToList();
        var missed = received.Sum(r => r.Select(e => e.Position).Except(reference).Count() + reference.Except(r.Select(e => e.Position)).Count()
            + (r.Count - r.Select(e => e.Position).Distinct().Count()) + Math.Abs(r.Count(e => e.Message) - Lines));
        var latency = received.SelectMany(r => r.Select(e => e.LatencyMs)).ToList();
        return new Samples(latency, missed, reference.Count, []);
    }

    private static async Task<Samples> CreatesAsync(HttpClient http, Uri url, CancellationToken ct)
    {
        (await http.PostAsync("api/v1/queue/pause", Json("{}"), ct)).EnsureSuccessStatusCode();
        var creates = new List<double>();
        for (var i = 0; i < Creates; i++)
        {
            var watch = Stopwatch.StartNew();
            await PostAsync(http, $$"""{"title":"create {{i.ToString(CultureInfo.InvariantCulture)}}"}""", ct);
            creates.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new Samples([], 0, 0, creates);
    }

    private sealed record Received(long Position, double LatencyMs, bool Message);

    /// <summary>One SSE client: every frame after <paramref name="after"/> until run.finished.</summary>
    private static async Task<List<Received>> FollowAsync(Uri url, long after, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        using var response = await http.GetAsync($"api/v1/events?after={after.ToString(CultureInfo.InvariantCulture)}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        // Only the arrival time is taken while reading (the clients share the 2 CPUs with the server they measure);
        // the frames are read apart afterwards.
        var frames = new List<(long Ticks, string Data)>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                frames.Add((Stopwatch.GetTimestamp(), line));
                if (line.Contains("\"type\":\"run.finished\"", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        var nowTicks = Stopwatch.GetTimestamp();
        var nowWall = DateTimeOffset.UtcNow;
        var received = new List<Received>(frames.Count);
        foreach (var (ticks, data) in frames)
        {
            var arrival = nowWall - Stopwatch.GetElapsedTime(ticks, nowTicks);
            var ts = DateTimeOffset.Parse(Field(data, "\"ts\":\""), CultureInfo.InvariantCulture);
            var position = long.Parse(Field(data, "\"position\":", ','), CultureInfo.InvariantCulture);
            received.Add(new Received(position, (arrival - ts).TotalMilliseconds, Field(data, "\"type\":\"") is "agent.message"));
        }

        return received;
    }

    private static ReadOnlySpan<char> Field(string line, string key, char end = '"')
    {
        var start = line.IndexOf(key, StringComparison.Ordinal) + key.Length;
        return line.AsSpan(start, line.IndexOf(end, start) - start);
    }

    private static async Task PostAsync(HttpClient http, string json, CancellationToken ct) =>
        (await http.PostAsync("api/v1/tasks", Json(json), ct)).EnsureSuccessStatusCode();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task WaitUpAsync(HttpClient http, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("healthz", ct)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, ct);
        }

        throw new BenchException("(i) baton serve did not answer /healthz within 30 s");
    }

}
