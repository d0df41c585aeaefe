using System.Text.Json.Nodes;

namespace Baton.ModelServer;

/// <summary>
/// A tool the client offered the model. <paramref name="Schema"/> is the JSON schema of its arguments (null when the
/// tool declares none); <paramref name="Freeform"/> marks Codex's custom tools that take raw text (e.g. <c>apply_patch</c>).
/// </summary>
public sealed record OfferedTool(string Name, JsonNode? Schema, bool Freeform = false)
{
    /// <summary>True when the schema declares a top-level property of that name.</summary>
    public bool HasProperty(string property) => Schema?["properties"]?[property] is not null;

    /// <summary>The JSON schema <c>type</c> of a top-level property, lower case ("string", "array", …), or null.</summary>
    public string? PropertyType(string property) =>
        Schema?["properties"]?[property]?["type"] is JsonValue value && value.TryGetValue<string>(out var type)
            ? type.ToLowerInvariant()
            : null;
}
