using System.Text.Json.Nodes;

namespace Baton.Matrix.Outbox;

/// <summary>
/// <c>{{txn:ID}}</c> in queued content stands for the event id that message <c>ID</c> got once sent (an edit's or a
/// thread's target), so a message can be queued before the one it points at has been sent.
/// </summary>
public static class TxnRefs
{
    public static string To(string txnId) => "{{txn:" + txnId + "}}";

    /// <summary>A copy with every reference filled in, or null when one is not sent yet (or its message failed).</summary>
    public static async Task<JsonObject?> ResolveAsync(JsonObject content, Func<string, Task<string?>> eventIdOf)
    {
        var copy = (JsonObject)content.DeepClone();
        return await ResolveNodeAsync(copy, eventIdOf) ? copy : null;
    }

    private static async Task<bool> ResolveNodeAsync(JsonNode node, Func<string, Task<string?>> eventIdOf)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue v && v.TryGetValue<string>(out var s) && TxnOf(s) is { } txn)
                    {
                        if (await eventIdOf(txn) is not { } id || !id.StartsWith('$'))
                        {
                            return false;
                        }

                        obj[key] = id;
                    }
                    else if (obj[key] is { } child && !await ResolveNodeAsync(child, eventIdOf))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    if (!await ResolveNodeAsync(child, eventIdOf))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static string? TxnOf(string value) =>
        value.StartsWith("{{txn:", StringComparison.Ordinal) && value.EndsWith("}}", StringComparison.Ordinal) ? value[6..^2] : null;
}
