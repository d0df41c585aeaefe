using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>Writes server-sent events, flushing each so the client sees the stream as it happens.</summary>
internal sealed class SseWriter
{
    private readonly HttpResponse response;

    private SseWriter(HttpResponse response) => this.response = response;

    public static SseWriter Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        return new SseWriter(response);
    }

    /// <summary>An event whose name repeats the data's <c>type</c> (Responses, Anthropic) or a bare data line (null name).</summary>
    public Task EventAsync(string? name, object data, CancellationToken ct) =>
        RawAsync((name is null ? "" : $"event: {name}\n") + $"data: {WireJson.Serialize(data)}\n\n", ct);

    public Task DoneAsync(CancellationToken ct) => RawAsync("data: [DONE]\n\n", ct);

    private async Task RawAsync(string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
