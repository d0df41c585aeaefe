using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>JSON as the wire writers emit it: unescaped text, nulls kept (several clients expect explicit nulls).</summary>
internal static class WireJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);

    public static async Task WriteAsync(HttpResponse response, int status, object body, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(Serialize(body), ct);
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..20];

    /// <summary>Splits a text into up to three deltas at spaces, so clients see a real stream; the parts join back exactly.</summary>
    public static IReadOnlyList<string> Deltas(string text)
    {
        var parts = new List<string>();
        var rest = text;
        for (var remaining = 3; remaining > 1 && rest.Length > 0; remaining--)
        {
            var cut = rest.IndexOf(' ', Math.Max(1, rest.Length / remaining));
            if (cut < 0)
            {
                break;
            }

            parts.Add(rest[..(cut + 1)]);
            rest = rest[(cut + 1)..];
        }

        if (rest.Length > 0 || parts.Count == 0)
        {
            parts.Add(rest);
        }

        return parts;
    }
}
