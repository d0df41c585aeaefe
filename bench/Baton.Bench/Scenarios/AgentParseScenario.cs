using System.Diagnostics;
using System.Globalization;
using Baton.Agents.Cli;
using Baton.Bench.Measure;
using Baton.Core.Events.Data;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (e) Stream parsing: each CLI's recorded real streams, repeated to at least N lines, fed line by line to a fresh
/// parser (Parse for every line, then Complete); lines and events per second, median of <see cref="Rounds"/> after a
/// warm-up. Parser only: the store's ingest rate is (c).
/// </summary>
internal static class AgentParseScenario
{
    public const string Id = "e";
    public const string Title = "agent CLI stream parsing";
    private const int Rounds = 5;

    public static Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var figures = new List<Figure>();
        var details = new Dictionary<string, object?>();
        foreach (var cli in AgentClis.Names)
        {
            var recorded = AgentClis.RecordedLines(cli);
            var lines = Enumerable.Range(0, (ctx.Options.ParseLines / recorded.Count) + 1).SelectMany(_ => recorded).ToList();
            ScenarioContext.Say($"(e) {cli}: parsing {lines.Count} lines ({recorded.Count} recorded, repeated)…");
            Parse(cli, lines);
            var samples = Enumerable.Range(0, Rounds).Select(_ => Parse(cli, lines)).ToList();
            var seconds = Stats.Median(samples.Select(s => s.Seconds).ToList());
            figures.Add(new($"e.{cli}", $"(e) {cli} stream parse (median)", lines.Count / seconds, "lines/s", Target.AtLeast(50_000),
                $"{lines.Count.ToString(CultureInfo.InvariantCulture)} lines of {cli}'s recorded streams through {cli}'s parser; median of {Rounds}"));
            details[cli] = new { lines = lines.Count, events = samples[0].Events, seconds = samples.Select(s => s.Seconds).ToList(), events_per_second = samples[0].Events / seconds };
        }

        return Task.FromResult(new ScenarioResult(Id, Title, figures, details));
    }

    private static (double Seconds, int Events) Parse(string cli, List<string> lines)
    {
        var parser = AgentClis.Parser(cli, "/tmp/ws");
        var events = new List<EventData>(64);
        var total = 0;
        var clock = Stopwatch.StartNew();
        foreach (var line in lines)
        {
            parser.Parse(line, events);
            total += events.Count;
            events.Clear();
        }

        parser.Complete(events);
        total += events.Count;
        return (clock.Elapsed.TotalSeconds, total);
    }
}
