using System.Diagnostics;
using Baton.Bench.Infra;
using Baton.Bench.Measure;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Engine.Journal;
using Baton.ModelServer;
using Baton.Processes;
using Baton.Store.Sqlite;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (f) Orchestration overhead per agent turn: each real CLI, through its adapter, against the scripted model server on
/// 127.0.0.1, with every event journaled into a real SQLite store and events.ndjson. Baton's share of a turn is
/// (turn requested → CLI spawned) + (CLI exited → events stored); the CLI's share is spawn → exit. Reported next to
/// the CLI's own start-up time (<c>--version</c>).
/// </summary>
internal static class AgentTurnScenario
{
    public const string Id = "f";
    public const string Title = "orchestration overhead per real agent turn";

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        await using var server = await ScriptedModelServer.StartAsync(ct: ctx.Token);
        var dir = ctx.Temp.NewDir("f-turns");
        await using var store = await SqliteStore.OpenAsync(Path.Combine(dir, "baton.db"), TimeProvider.System, ctx.Token);
        var files = new Baton.Files.RunFilesFactory(dir);
        var figures = new List<Figure>();
        var details = new Dictionary<string, object?>();
        foreach (var cli in AgentClis.Names)
        {
            var agent = AgentClis.Agent(cli, server.BaseUrl);
            var startup = await StartupAsync(agent.Command!, ctx);
            var turns = new List<TurnTiming>();
            for (var i = 0; i < ctx.Options.TurnsF; i++)
            {
                ScenarioContext.Say($"(f) {cli}: turn {i + 1}/{ctx.Options.TurnsF}…");
                turns.Add(await TurnAsync(ctx, store, files, dir, agent, $"{cli}-{i}"));
            }

            var overhead = Stats.Median(turns.Select(t => t.BatonMs / t.CliMs * 100).ToList());
            figures.Add(new($"f.{cli}", $"(f) {cli}: Baton's share of a turn (median)", overhead, "%", Target.AtMost(10),
                $"(turn requested → CLI spawned + CLI exited → events stored) ÷ (CLI spawned → exited), median of {turns.Count} plain-text turns"));
            figures.Add(new($"f.{cli}.ms", $"(f) {cli}: Baton ms / CLI ms / CLI --version ms (medians)", Stats.Median(turns.Select(t => t.BatonMs).ToList()), "ms", null,
                $"CLI spawn → exit {Stats.Median(turns.Select(t => t.CliMs).ToList()):0} ms; spawn latency {Stats.Median(turns.Select(t => t.SpawnMs).ToList()):0.0} ms; " +
                $"exit → stored {Stats.Median(turns.Select(t => t.StoreMs).ToList()):0.0} ms; `{cli} --version` {startup:0} ms"));
            details[cli] = new { turns, startup_ms = startup, succeeded = turns.Count(t => t.Succeeded) };
        }

        return new ScenarioResult(Id, Title, figures, details);
    }

    private static async Task<TurnTiming> TurnAsync(ScenarioContext ctx, SqliteStore store, Baton.Files.RunFilesFactory files, string dir, AgentConfig agent, string id)
    {
        var workspace = Path.Combine(dir, "ws-" + id);
        Directory.CreateDirectory(workspace);
        await Git.RunAsync(workspace, ctx.Token, "init", "-q", "-b", "main");
        var journal = await RunJournal.OpenAsync("t-" + id, "r-" + id, store, files.Open("t-" + id, "r-" + id), TimeProvider.System, ctx.Token);
        await using (journal)
        {
            var sink = new TurnSink(journal);
            var turn = new AgentTurn
            {
                Agent = agent,
                Role = AgentRole.Builder,
                Prompt = "Say hello",
                PromptFile = Path.Combine(dir, "prompt-" + id),
                Workspace = workspace,
                TaskId = "t-" + id,
                RunId = "r-" + id,
                Stage = "build",
                Timeout = TimeSpan.FromMinutes(2),
                Environment = ChildEnvironment.Create(),
                HomeDirectory = Path.Combine(dir, "home-" + agent.Name),
                ApiKey = new AgentSecret("bench-dummy-key"),
            };
            await File.WriteAllTextAsync(turn.PromptFile, turn.Prompt, ctx.Token);
            var requested = Stopwatch.GetTimestamp();
            var result = await AgentClis.Adapter(agent.Name, new ProcessRunner()).RunTurnAsync(turn, sink, ctx.Token);
            await journal.FlushAsync(ctx.Token);
            var stored = Stopwatch.GetTimestamp();
            return new TurnTiming(
                result.Succeeded,
                Stopwatch.GetElapsedTime(requested, sink.Started).TotalMilliseconds,
                Stopwatch.GetElapsedTime(sink.Started, sink.Exited).TotalMilliseconds,
                Stopwatch.GetElapsedTime(sink.Exited, stored).TotalMilliseconds);
        }
    }

    private static async Task<double> StartupAsync(string binary, ScenarioContext ctx)
    {
        var samples = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true })!;
            process.StandardInput.Close();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ctx.Token);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Stats.Median(samples);
    }

    private sealed record TurnTiming(bool Succeeded, double SpawnMs, double CliMs, double StoreMs)
    {
        public double BatonMs => SpawnMs + StoreMs;
    }
}
