using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Agents.Streams;

/// <summary>
/// Reads one stdout line of a CLI's JSON stream as an object, and fields of it, without ever throwing: a line that is
/// not a JSON object yields the reason an <c>agent.raw</c> event carries; a field of the wrong type reads as absent.
/// </summary>
internal static class StreamJson
{
    /// <summary>Longer lines are kept raw, unparsed: a runaway tool output must not cost a multi-megabyte parse per line.</summary>
    public const int MaxLineChars = 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    public static JsonObject? TryRead(string line, out string reason)
    {
        reason = "";
        if (line.Length > MaxLineChars)
        {
            reason = "too_large";
            return null;
        }

        try
        {
            if (JsonNode.Parse(line, documentOptions: Options) is JsonObject obj)
            {
                // The DOM reads properties lazily; touch them now so a duplicate key fails here rather than later.
                _ = obj.Count;
                return obj;
            }

            reason = "not_object";
            return null;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            reason = "not_json";
            return null;
        }
    }

    public static string? Str(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Long(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    public static decimal? Decimal(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var n) ? n : null;

    public static bool IsTrue(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static JsonObject? Obj(this JsonObject? obj, string key) => obj?[key] as JsonObject;

    /// <summary>A detached copy of an object field, to place in an event; an empty object when absent or not an object.</summary>
    public static JsonObject CopyObj(this JsonObject? obj, string key) =>
        obj?[key] is JsonObject o ? (JsonObject)o.DeepClone() : [];

    /// <summary>A field as text: a string as is, other JSON compact; null when absent or JSON null.</summary>
    public static string? Text(this JsonObject? obj, string key) => obj?[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        var node => node.ToJsonString(),
    };
}
