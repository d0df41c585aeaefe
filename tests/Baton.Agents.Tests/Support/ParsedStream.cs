using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Testing;

namespace Baton.Agents.Tests.Support;

/// <summary>What a stream parser made of a whole stream: the events of each line, then those of <c>Complete</c>.</summary>
public sealed class ParsedStream
{
    private ParsedStream(IAgentStreamParser parser, IReadOnlyList<(string Line, IReadOnlyList<EventData> Events)> perLine, IReadOnlyList<EventData> completion)
    {
        Parser = parser;
        PerLine = perLine;
        Completion = completion;
    }

    public IAgentStreamParser Parser { get; }

    public IReadOnlyList<(string Line, IReadOnlyList<EventData> Events)> PerLine { get; }

    public IReadOnlyList<EventData> Completion { get; }

    public IReadOnlyList<EventData> Events => [.. PerLine.SelectMany(l => l.Events), .. Completion];

    public IReadOnlyList<JsonObject> Of(EventType type) => [.. Events.Where(e => e.Type == type).Select(e => e.Fields())];

    public IReadOnlyList<string> RawReasons => [.. Of(EventType.AgentRaw).Select(d => (string)d["reason"]!)];

    public static ParsedStream Of(IAgentStreamParser parser, IEnumerable<string> lines)
    {
        var perLine = new List<(string, IReadOnlyList<EventData>)>();
        foreach (var line in lines)
        {
            var events = new List<EventData>();
            parser.Parse(line, events);
            perLine.Add((line, events));
        }

        var completion = new List<EventData>();
        parser.Complete(completion);
        return new ParsedStream(parser, perLine, completion);
    }
}
