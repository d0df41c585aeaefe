using System.Text.Json;
using Baton.Bench.Infra;

namespace Baton.Bench.Artifacts;

/// <summary>Reads a run's <c>events.ndjson</c> (one event object a line).</summary>
internal static class EventsFile
{
    public static List<EventLine> Read(string path)
    {
        var events = new List<EventLine>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var text = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            events.Add(new EventLine(
                root.GetProperty("seq").GetInt64(),
                Clock.UnixNs(root.GetProperty("ts").GetDateTimeOffset()),
                root.GetProperty("type").GetString() ?? "",
                root.TryGetProperty("stage", out var stage) && stage.ValueKind == JsonValueKind.String ? stage.GetString() : null,
                text));
        }

        return events;
    }
}
