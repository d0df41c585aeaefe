using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Events;

namespace Baton.Agents.Command;

/// <summary>
/// Maps one stdout line of a command agent to an event. A JSON object whose <c>type</c> names an agent event
/// (<c>message</c> or <c>agent.message</c>, …) becomes that event with the other fields as data; anything else — other
/// JSON, plain text, malformed or truncated lines — is kept whole as <c>agent.raw</c>. Nothing is dropped.
/// </summary>
public sealed class CommandOutputParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    public string? SessionId { get; private set; }

    public string? LastMessage { get; private set; }

    public (EventType Type, JsonObject Data) Parse(string line)
    {
        try
        {
            return ParseKnown(line);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // Duplicate keys, lone surrogates and other JSON the DOM refuses: keep the line as the agent printed it.
            return (EventType.AgentRaw, new JsonObject { ["line"] = line });
        }
    }

    private (EventType Type, JsonObject Data) ParseKnown(string line)
    {
        var trimmed = line.AsSpan().Trim();
        if (trimmed.Length > 1 && trimmed[0] == '{' && TryParseObject(line, out var obj)
            && obj["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var typeName)
            && Resolve(typeName) is { } type)
        {
            obj.Remove("type");
            Remember(type, obj);
            return (type, obj);
        }

        return (EventType.AgentRaw, new JsonObject { ["line"] = line });
    }

    private void Remember(EventType type, JsonObject data)
    {
        if (type == EventType.AgentMessage && data["text"] is JsonValue text && text.TryGetValue<string>(out var message))
        {
            LastMessage = message;
        }
        else if (type == EventType.AgentSession && data["session_id"] is JsonValue id && id.TryGetValue<string>(out var session))
        {
            SessionId = session;
        }
    }

    private static EventType? Resolve(string name)
    {
        var full = name.StartsWith("agent.", StringComparison.Ordinal) ? name : "agent." + name;
        return EventTypeNames.TryParse(full, out var type) && type != EventType.AgentRaw ? type : null;
    }

    private static bool TryParseObject(string line, out JsonObject obj)
    {
        try
        {
            if (JsonNode.Parse(line, documentOptions: Options) is JsonObject parsed)
            {
                obj = parsed;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        obj = null!;
        return false;
    }
}
