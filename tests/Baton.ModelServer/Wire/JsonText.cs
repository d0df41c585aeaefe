using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.ModelServer.Wire;

internal static class JsonText
{
    /// <summary>A string node's value, or null.</summary>
    public static string? Str(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static IEnumerable<JsonNode> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonNode>() : [];

    /// <summary>
    /// Text of a content value in any of the shapes the APIs use: a string, an array of parts with <c>text</c>, or
    /// any other JSON (serialised).
    /// </summary>
    public static string ContentText(JsonNode? content) => content switch
    {
        null => "",
        JsonValue when Str(content) is { } s => s,
        JsonArray parts => string.Join("\n", parts.Select(p => Str(p?["text"]) ?? Str(p) ?? ContentText(p?["content"]))),
        JsonObject o when Str(o["text"]) is { } text => text,
        _ => content.ToJsonString(),
    };

    /// <summary>The text parts of a content value: a string is one part; array elements contribute their <c>text</c>.</summary>
    public static IEnumerable<string> TextParts(JsonNode? content, params string[] textTypes)
    {
        if (Str(content) is { } single)
        {
            yield return single;
            yield break;
        }

        foreach (var part in Items(content))
        {
            var type = Str(part["type"]);
            if ((type is null || textTypes.Contains(type)) && Str(part["text"]) is { } text)
            {
                yield return text;
            }
        }
    }

    public static string AllStrings(JsonNode body, string skipTopLevel)
    {
        var builder = new StringBuilder();
        if (body is JsonObject root)
        {
            foreach (var (key, value) in root)
            {
                if (key != skipTopLevel)
                {
                    Collect(value, builder);
                }
            }
        }
        else
        {
            Collect(body, builder);
        }

        return builder.ToString();
    }

    private static void Collect(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Collect(value, builder);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, builder);
                }

                break;
            case JsonValue when Str(node) is { } text:
                builder.Append(text).Append('\n');
                break;
            default:
                break;
        }
    }
}
