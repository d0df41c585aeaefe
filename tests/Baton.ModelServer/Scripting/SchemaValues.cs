using System.Text.Json.Nodes;

namespace Baton.ModelServer.Scripting;

/// <summary>
/// Builds a small value that satisfies a JSON schema (Gemini's upper-case <c>type</c> names included), for the JSON-mode
/// helper calls the Gemini CLI makes (model router, next-speaker check).
/// </summary>
internal static class SchemaValues
{
    public static JsonNode Synthesise(JsonNode schema, int depth = 0)
    {
        if (depth > 8)
        {
            return JsonValue.Create("")!;
        }

        if (schema["enum"] is JsonArray { Count: > 0 } choices)
        {
            // "user" ends the next-speaker check's loop instead of letting the CLI talk to itself.
            var user = choices.FirstOrDefault(c => c?.GetValueKind() == System.Text.Json.JsonValueKind.String && c.GetValue<string>() == "user");
            return (user ?? choices[0])?.DeepClone() ?? JsonValue.Create("")!;
        }

        var type = TypeOf(schema);
        return type switch
        {
            "object" => Object(schema, depth),
            "array" => new JsonArray(schema["items"] is { } items ? Synthesise(items, depth + 1) : JsonValue.Create("")),
            "integer" => JsonValue.Create(Minimum(schema) is { } min ? (long)Math.Ceiling(min) : 1L),
            "number" => JsonValue.Create(Minimum(schema) ?? 1.0),
            "boolean" => JsonValue.Create(false),
            _ => JsonValue.Create("scripted"),
        };
    }

    private static JsonObject Object(JsonNode schema, int depth)
    {
        var result = new JsonObject();
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property is not null)
                {
                    result[name] = Synthesise(property, depth + 1);
                }
            }
        }

        return result;
    }

    private static string TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var t) => t.ToLowerInvariant(),
        JsonArray a => a.Select(x => x?.ToString().ToLowerInvariant()).FirstOrDefault(x => x is not null and not "null") ?? "string",
        _ => schema["properties"] is not null ? "object" : "string",
    };

    private static double? Minimum(JsonNode schema) =>
        schema["minimum"] is JsonValue v && v.TryGetValue<double>(out var min) ? min : null;
}
