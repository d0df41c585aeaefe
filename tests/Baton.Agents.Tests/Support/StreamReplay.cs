using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Testing;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// Feeds lines to a stream parser the way the adapter does (one <c>Parse</c> per line, then <c>Complete</c>) and keeps,
/// for each line, the events it produced, so a test can account for every input line.
/// </summary>
public sealed class StreamReplay
{
    private StreamReplay(IAgentStreamParser parser, List<Step> steps, List<EventData> completion)
    {
        Parser = parser;
        Steps = steps;
        Completion = completion;
    }

    public IAgentStreamParser Parser { get; }

    public IReadOnlyList<Step> Steps { get; }

    /// <summary>What <c>Complete</c> added after the last line.</summary>
    public IReadOnlyList<EventData> Completion { get; }

    public IEnumerable<EventData> Events => Steps.SelectMany(s => s.Events).Concat(Completion);

    public IEnumerable<JsonObject> Of(EventType type) => Events.Where(e => e.Type == type).Select(e => e.Fields());

    public IEnumerable<EventType> Types => Events.Select(e => e.Type);

    public static StreamReplay Run(IAgentStreamParser parser, IEnumerable<string> lines)
    {
        var steps = new List<Step>();
        foreach (var line in lines)
        {
            var events = new List<EventData>();
            parser.Parse(line, events);
            steps.Add(new Step(line, events));
        }

        var completion = new List<EventData>();
        parser.Complete(completion);
        return new StreamReplay(parser, steps, completion);
    }

    /// <summary>The lines of a recorded stream in <c>Streams/&lt;cli&gt;/&lt;name&gt;.jsonl</c>.</summary>
    public static IReadOnlyList<string> Recorded(string cli, string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Streams", cli, name + ".jsonl"));

    /// <summary>The <c>type</c> field of a JSON line, or null.</summary>
    public static string? TypeOf(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject o && o["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public sealed record Step(string Line, IReadOnlyList<EventData> Events);
}
