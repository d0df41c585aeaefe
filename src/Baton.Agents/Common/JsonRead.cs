using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Agents.Common;

/// <summary>Field reads that tolerate a missing field or one of the wrong type (they give null instead of throwing).</summary>
internal static class JsonRead
{
    public static string? Str(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Long(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    public static int? Int(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) ? n : null;

    public static decimal? Decimal(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var n) ? n : null;

    public static bool? Bool(this JsonObject? obj, string key) => obj?[key] is JsonValue v ? v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    } : null;

    public static JsonObject? Obj(this JsonObject? obj, string key) => obj?[key] as JsonObject;

    public static JsonArray? Arr(this JsonObject? obj, string key) => obj?[key] as JsonArray;

    /// <summary>A copy of the field, detached so it can be placed in an event's data; null when absent.</summary>
    public static JsonNode? Copy(this JsonObject? obj, string key) => obj?[key]?.DeepClone();

    /// <summary>The value as text: a string as is, anything else as compact JSON; null when absent or JSON null.</summary>
    public static string? AsText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };
}
