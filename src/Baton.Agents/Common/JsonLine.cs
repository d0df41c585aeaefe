using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Agents.Common;

/// <summary>
/// Reads one stdout line of a CLI's JSON stream as an object, or says why it cannot (the reason an <c>agent.raw</c>
/// event carries). Never throws.
/// </summary>
internal static class JsonLine
{
    /// <summary>Longer lines are not parsed: a runaway tool output must not cost a parse of many megabytes per line.</summary>
    public const int MaxChars = 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    public static JsonObject? TryRead(string line, out string reason)
    {
        if (line.Length > MaxChars)
        {
            reason = "too_large";
            return null;
        }

        try
        {
            var node = JsonNode.Parse(line, documentOptions: Options);
            if (node is not JsonObject obj)
            {
                reason = "not_object";
                return null;
            }

            // The DOM reads an object's properties lazily; read them now so a duplicate key fails here, not later.
            _ = obj.Count;
            reason = "";
            return obj;
        }
        catch (JsonException)
        {
            reason = "not_json";
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // Duplicate keys and other JSON the DOM refuses.
            reason = "not_json";
            return null;
        }
    }
}
