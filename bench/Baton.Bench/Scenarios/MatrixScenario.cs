using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;
using Baton.Testing.Synapse;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (g) Matrix: a fresh local Synapse, the real <c>baton serve</c> with a no-op command agent, and a person who writes N
/// messages in the lobby one at a time. Measures message → task room (the bot's threaded reply with the room link)
/// and message → agent process started, then counts the events Baton sent per task, and per 100 agent events for one
/// task whose agent prints 1,000 JSON lines.
/// </summary>
internal static class MatrixScenario
{
    public const string Id = "g";
    public const string Title = "Matrix: lobby message → task room → agent started, events sent";
    private const string PasswordVariable = "BENCH_MATRIX_PASSWORD";
    private const int LoudLines = 1000;

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        await using var synapse = await SynapseServer.StartAsync();
        var admin = await synapse.RegisterAsync("benchadmin", admin: true);
        var bot = await synapse.RegisterAsync("baton");
        var alice = await synapse.RegisterAsync("alice");
        // As an operator would for a bot: no message rate limit (Baton waits out 429s anyway; this measures Baton).
        await synapse.OverrideRateLimitAsync(admin, bot.UserId, 0, 0);

        var dir = ctx.Temp.NewDir("g-matrix");
        var log = Path.Combine(dir, "agents.log");
        var agent = $"echo \"$BATON_TASK_ID $EPOCHREALTIME\" >> \"$BENCH_LOG\"; if grep -q LOUD \"$BATON_PROMPT_FILE\"; then " +
                    $"for i in $(seq {LoudLines.ToString(CultureInfo.InvariantCulture)}); do echo \"{{\\\"type\\\":\\\"message\\\",\\\"text\\\":\\\"line $i\\\"}}\"; done; fi";
        var yaml = BatonYaml.Single("noop", agent, 4, new Dictionary<string, string> { ["BENCH_LOG"] = log }) + $$"""
            projects:
              - { key: app, repo: ".", pipeline: default }
            matrix:
              homeserver: "{{synapse.BaseUrl}}"
              user_id: "{{bot.UserId}}"
              password_env: {{PasswordVariable}}
              allowed_users: ["{{alice.UserId}}"]
              workspace: { name: Bench, key: bench, members: ["{{alice.UserId}}"] }

            """;
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);
        var n = ctx.Options.RequestsG;
        Samples? samples = null;
        ScenarioContext.Say($"(g) baton serve against a local Synapse; {n} lobby messages one at a time, then one agent printing {LoudLines} lines…");
        var serve = await ctx.Baton.RunAsync(repo, ["serve"], TimeSpan.FromSeconds(120 + (n * 10)), ctx.Token,
            async (process, ct) => samples = await DriveAsync(alice, bot, n, log, process, ct),
            new Dictionary<string, string> { [PasswordVariable] = bot.Password });
        if (samples is null)
        {
            throw new BenchException($"(g) did not finish: baton serve exited {serve.ExitCode}; stderr:\n{Tail(serve.Stderr)}");
        }

        var room = samples.RoomMs;
        var start = samples.StartMs;
        var count = n.ToString(CultureInfo.InvariantCulture);
        Figure[] figures =
        [
            new("g.room.p50", "(g) lobby message → task room, p50", Stats.Median(room), "ms", null,
                $"origin_server_ts of the bot's threaded lobby reply (sent once the task room exists) − that of the person's message; {count} messages one at a time"),
            new("g.room.p99", "(g) lobby message → task room, p99", Stats.Percentile(room, 99), "ms", null, "as above, 99th percentile"),
            new("g.start.p50", "(g) lobby message → agent started, p50", Stats.Median(start), "ms", Target.AtMost(1500),
                "the command agent's first act (`$EPOCHREALTIME`) − the message's origin_server_ts (same machine clock)"),
            new("g.start.p99", "(g) lobby message → agent started, p99", Stats.Percentile(start, 99), "ms", null, "as above, 99th percentile"),
            new("g.events.task", "(g) Matrix events sent per task", samples.EventsPerTask.Average(), "", null,
                "bot messages + reactions in each task room (status, prompt echo, thread, edits, answer, ✅) + the lobby reply, mean over the tasks"),
            new("g.events.per100", "(g) Matrix events per 100 agent events", samples.LoudEvents * 100.0 / LoudLines, "", null,
                $"bot events in the room of one task whose agent printed {LoudLines.ToString(CultureInfo.InvariantCulture)} JSON lines (agent.message events), per 100 of them"),
        ];
        var details = new Dictionary<string, object?>
        {
            ["requests"] = n,
            ["room_ms"] = room,
            ["start_ms"] = start,
            ["events_per_task"] = samples.EventsPerTask,
            ["loud_task_events"] = samples.LoudEvents,
            ["serve_exit"] = serve.ExitCode,
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    private sealed record Samples(List<double> RoomMs, List<double> StartMs, List<int> EventsPerTask, int LoudEvents);

    /// <summary>Runs while <c>baton serve</c> does: the person's side, then Ctrl-C to serve.</summary>
    private static async Task<Samples> DriveAsync(MatrixTestUser alice, MatrixTestUser bot, int n, string log, System.Diagnostics.Process serve, CancellationToken ct)
    {
        try
        {
            var lobby = await JoinAsync(alice, "#bench.app.lobby:localhost", ct);
            var room = new List<double>();
            var start = new List<double>();
            var rooms = new List<string>();
            for (var i = 0; i < n; i++)
            {
                var (taskId, roomId, sentMs, replyMs) = await RequestAsync(alice, bot, lobby, $"bench request {i.ToString(CultureInfo.InvariantCulture)}", ct);
                var started = await WaitAsync(() => AgentStarts.Read(log).TryGetValue(taskId, out var ns) ? ns : (long?)null, "the agent to start", ct);
                room.Add(replyMs - sentMs);
                start.Add(Clock.Ms(started) - sentMs);
                rooms.Add(roomId);
            }

            var loud = await RequestAsync(alice, bot, lobby, "LOUD request", ct);
            var perTask = new List<int>();
            foreach (var roomId in rooms)
            {
                perTask.Add(await BotEventsWhenDoneAsync(bot, roomId, ct) + 1);
            }

            var loudEvents = await BotEventsWhenDoneAsync(bot, loud.RoomId, ct);
            return new Samples(room, start, perTask, loudEvents);
        }
        finally
        {
            using var interrupt = System.Diagnostics.Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)]);
            await interrupt!.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<(string TaskId, string RoomId, double SentMs, double ReplyMs)> RequestAsync(
        MatrixTestUser alice, MatrixTestUser bot, string lobby, string text, CancellationToken ct)
    {
        var eventId = await alice.SendTextAsync(lobby, text);
        var reply = await alice.WaitForEventAsync(lobby,
            e => (string?)e["sender"] == bot.UserId && (string?)e["content"]?["m.relates_to"]?["event_id"] == eventId, TimeSpan.FromSeconds(60), "the bot's reply");
        var request = alice.EventsIn(lobby).Single(e => (string?)e["event_id"] == eventId);
        var body = (string)reply["content"]!["body"]!;
        var taskId = body[(body.IndexOf("task ", StringComparison.Ordinal) + 5)..].Split(' ')[0];
        var roomId = body[(body.IndexOf("https://matrix.to/#/", StringComparison.Ordinal) + 20)..].Split(' ')[0];
        ct.ThrowIfCancellationRequested();
        return (taskId, roomId, (double)(long)request["origin_server_ts"]!, (double)(long)reply["origin_server_ts"]!);
    }

    /// <summary>The bot's messages and reactions in a task room, once its run has been marked done (✅/❌).</summary>
    private static async Task<int> BotEventsWhenDoneAsync(MatrixTestUser bot, string roomId, CancellationToken ct) =>
        await WaitAsync(async () =>
        {
            var page = await bot.SendAsync(HttpMethod.Get, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/messages?dir=b&limit=1000", null);
            var mine = (page["chunk"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(e => (string?)e["sender"] == bot.UserId && (string?)e["type"] is "m.room.message" or "m.reaction").ToList();
            return mine.Any(e => (string?)e["type"] == "m.reaction") ? mine.Count : (int?)null;
        }, $"the run in {roomId} to be marked done", ct);

    private static async Task<string> JoinAsync(MatrixTestUser alice, string alias, CancellationToken ct) =>
        await WaitAsync(async () =>
        {
            if (await alice.ResolveAliasAsync(alias) is not { } room)
            {
                return null;
            }

            try
            {
                return await alice.JoinAsync(room);
            }
            catch (HttpRequestException)
            {
                return null;   // made, not yet invited
            }
        }, "the lobby to be made and the person invited", ct);

    private static Task<T> WaitAsync<T>(Func<T?> probe, string what, CancellationToken ct)
        where T : struct => WaitAsync(() => Task.FromResult(probe()), what, ct);

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what, CancellationToken ct)
        where T : struct
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20, ct);
        }

        throw new BenchException($"(g) waited 60 s for {what}");
    }

    private static async Task<string> WaitAsync(Func<Task<string?>> probe, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100, ct);
        }

        throw new BenchException($"(g) waited 60 s for {what}");
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
