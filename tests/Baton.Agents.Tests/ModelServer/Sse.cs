using System.Text.Json.Nodes;

namespace Baton.Agents.Tests.ModelServer;

/// <summary>One server-sent event as a client would parse it.</summary>
public sealed record SseEvent(string? Name, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;

    /// <summary>Parses a whole SSE body: events separated by blank lines, <c>event:</c> and <c>data:</c> fields.</summary>
    public static IReadOnlyList<SseEvent> Parse(string body)
    {
        var events = new List<SseEvent>();
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new List<string>();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line["data:".Length..].TrimStart());
                }
            }

            if (data.Count > 0)
            {
                events.Add(new SseEvent(name, string.Join("\n", data)));
            }
        }

        return events;
    }
}
