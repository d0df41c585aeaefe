using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Application;
using Microsoft.AspNetCore.Http;

namespace Baton.Web;

/// <summary>Small helpers the routes share: JSON answers and bodies through source-generated contracts.</summary>
internal static class Http
{
    public const int MaxBody = 1 << 20;

    public static Task Json<T>(HttpContext http, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, value, type, http.RequestAborted);
    }

    public static string Id(HttpContext http) => (string)http.Request.RouteValues["id"]!;

    /// <summary>The body as text (at most 1 MiB); a larger one is a bad request that stores nothing.</summary>
    public static async Task<string> TextAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var buffer = new char[MaxBody + 1];
        var length = 0;
        int read;
        while (length <= MaxBody && (read = await reader.ReadAsync(buffer.AsMemory(length), http.RequestAborted)) > 0)
        {
            length += read;
        }

        return length > MaxBody
            ? throw new DeskException(DeskErrorKind.Invalid, "the body is larger than 1 MiB; nothing was changed", ["body: larger than 1 MiB"])
            : new string(buffer, 0, length);
    }

    /// <summary>The body read as <typeparamref name="T"/>; an empty body is <paramref name="empty"/>.</summary>
    public static async Task<T> BodyAsync<T>(HttpContext http, JsonTypeInfo<T> type, T empty)
    {
        var text = await TextAsync(http);
        if (string.IsNullOrWhiteSpace(text))
        {
            return empty;
        }

        try
        {
            return JsonSerializer.Deserialize(text, type) ?? empty;
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            throw new DeskException(DeskErrorKind.Invalid, "the body is not the JSON this route takes; nothing was changed",
                [$"{field}: {(ex.Path is { Length: > 2 } ? "wrong type" : "not a JSON object")} (line {ex.LineNumber + 1})"]);
        }
    }
}
