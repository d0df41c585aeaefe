using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Events.Data;

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

    public EventData Parse(string line)
    {
        try
        {
            return ParseKnown(line);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // Duplicate keys, lone surrogates and other JSON the DOM refuses: keep the line as the agent printed it.
            return new AgentRawData { Line = line };
        }
    }

    private EventData ParseKnown(string line)
    {
        var trimmed = line.AsSpan().Trim();
        if (trimmed.Length > 1 && trimmed[0] == '{' && TryParseObject(line, out var obj)
            && obj["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var typeName)
            && Resolve(typeName) is { } type)
        {
            obj.Remove("type");
            // Fields of the wrong kind for the type (a number as text, say) keep the line whole instead.
            if (EventDataJson.TryRead(type, obj) is { } data)
            {
                Remember(data);
                return data;
            }
        }

        return new AgentRawData { Line = line };
    }

    private void Remember(EventData data)
    {
        switch (data)
        {
            case AgentMessageData message:
                LastMessage = message.Text;
                break;
            case AgentSessionData session:
                SessionId = session.SessionId;
                break;
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
