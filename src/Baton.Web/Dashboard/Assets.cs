using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Baton.Web.Dashboard;

/// <summary>The dashboard's files and the OpenAPI document, embedded in the binary (nothing is read from disk or fetched).</summary>
internal static class Assets
{
    private static readonly ConcurrentDictionary<string, (byte[] Bytes, string ETag)?> Cache = new(StringComparer.Ordinal);

    public static Task OpenApiAsync(HttpContext http) => ServeAsync(http, "openapi.json");

    /// <summary>Writes the embedded file <paramref name="name"/>; 404 when there is none; 304 when the browser has it.</summary>
    public static async Task ServeAsync(HttpContext http, string name)
    {
        if (Load(name) is not { } file)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.Headers.ETag = file.ETag;
        http.Response.Headers.CacheControl = "no-cache";
        if (http.Request.Headers.IfNoneMatch == file.ETag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = ContentType(name);
        http.Response.ContentLength = file.Bytes.Length;
        await http.Response.Body.WriteAsync(file.Bytes, http.RequestAborted);
    }

    public static bool Exists(string name) => Load(name) is not null;

    private static (byte[] Bytes, string ETag)? Load(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream(n);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    });

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };
}
