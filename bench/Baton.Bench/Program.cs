using Baton.Bench;
using Baton.Bench.Infra;
using Baton.Bench.Measure;
using Baton.Bench.Report;
using Baton.Bench.Scenarios;

// Baton's benchmark: measures the figures of bench/README.md in throwaway repositories under a temp dir.
// Exit codes: 0 every scenario ran (figures may still be over target), 1 a scenario failed, 2 bad usage.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (BenchException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var started = DateTimeOffset.UtcNow;
var watch = System.Diagnostics.Stopwatch.StartNew();
string batonPath;
MachineInfo machine;
try
{
    batonPath = await BatonLocator.LocateAsync(options.BatonPath, options.Jit, cancel.Token);
    machine = await MachineInfo.ReadAsync(BatonLocator.RepoRoot(), cancel.Token);
}
catch (BenchException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

ScenarioContext.Say($"measuring {batonPath}");
ScenarioContext.Say($"machine: {machine.Summary}");
var scenarios = new List<ScenarioResult>();
var leftovers = new List<string>();
using (var temp = new TempRoot(options.Keep))
{
    var ctx = new ScenarioContext(options, new BatonCli(batonPath), temp, cancel.Token);
    (string Id, string Title, Func<ScenarioContext, Task<ScenarioResult>> Run)[] all =
    [
        (OverheadScenario.Id, OverheadScenario.Title, OverheadScenario.RunAsync),
        (ThroughputScenario.Id, ThroughputScenario.Title, ThroughputScenario.RunAsync),
        (IngestScenario.Id, IngestScenario.Title, IngestScenario.RunAsync),
        (MemoryScenario.Id, MemoryScenario.Title, MemoryScenario.RunAsync),
        (AgentParseScenario.Id, AgentParseScenario.Title, AgentParseScenario.RunAsync),
        (AgentTurnScenario.Id, AgentTurnScenario.Title, AgentTurnScenario.RunAsync),
        (MatrixScenario.Id, MatrixScenario.Title, MatrixScenario.RunAsync),
        (FeedScenario.Id, FeedScenario.Title, FeedScenario.RunAsync),
        (ApiScenario.Id, ApiScenario.Title, ApiScenario.RunAsync),
        (PolicyDecisionScenario.Id, PolicyDecisionScenario.Title, PolicyDecisionScenario.RunAsync),
        (OneShotScenario.Id, OneShotScenario.Title, OneShotScenario.RunAsync),
        (ManyRunsScenario.Id, ManyRunsScenario.Title, ManyRunsScenario.RunAsync),
        (RestartScenario.Id, RestartScenario.Title, RestartScenario.RunAsync),
        (ApprovalScenario.Id, ApprovalScenario.Title, ApprovalScenario.RunAsync),
        (ScaleOutScenario.Id, ScaleOutScenario.Title, ScaleOutScenario.RunAsync),
        (TakeoverScenario.Id, TakeoverScenario.Title, TakeoverScenario.RunAsync),
    ];
    foreach (var (id, title, run) in all.Where(s => options.Only.Contains(s.Id)))
    {
        if (cancel.IsCancellationRequested)
        {
            break;
        }

        var load = options.QuietWait > 0
            ? await MachineLoad.WaitQuietAsync(TimeSpan.FromSeconds(options.QuietWait), 25, cancel.Token)
            : await MachineLoad.ProbeAsync(cancel.Token);
        ScenarioContext.Say($"({id}) before: {load}");
        try
        {
            scenarios.Add(await run(ctx) with { LoadBefore = load, LoadAfter = await MachineLoad.ProbeAsync(cancel.Token) });
        }
        catch (Exception e) when (e is BenchException or IOException or InvalidOperationException or OperationCanceledException)
        {
            ScenarioContext.Say($"({id}) failed: {e.Message}");
            scenarios.Add(ScenarioResult.Failed(id, title, e.Message) with { LoadBefore = load });
        }
        finally
        {
            // Baton should leave nothing running; anything that still mentions the temp dir is reported and killed.
            var left = LeftoverSweeper.Sweep(temp.Path);
            leftovers.AddRange(left.Select(p => $"({id}) {p}"));
        }
    }
}

var leftoverFigure = new Figure("leftovers", "processes left behind", leftovers.Count, "", Target.Exactly(0),
    "processes still alive after each scenario whose cwd, command line or environment names the temp dir (killed by the bench)");
scenarios.Add(new ScenarioResult("all", "after every scenario", [leftoverFigure], new Dictionary<string, object?>()));
var report = new BenchReport(
    ("dotnet run -c Release --project bench/Baton.Bench -- " + string.Join(' ', args)).TrimEnd(),
    started, watch.Elapsed.TotalSeconds, machine, batonPath, options, scenarios, leftovers);
Console.WriteLine(TablePrinter.Render(report));
await JsonReport.WriteAsync(options.Out, report, CancellationToken.None);
ScenarioContext.Say($"wrote {Path.GetFullPath(options.Out)}");
return scenarios.Any(s => s.Error is not null) ? 1 : 0;
