using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>
/// Gemini generateContent: a stream of <c>data:</c> lines, each a GenerateContentResponse (the last carries
/// finishReason and usageMetadata), or the same response as one JSON object for non-streaming calls.
/// </summary>
internal sealed class GeminiWriter : IWireWriter
{
    public async Task WriteAsync(HttpResponse response, Outgoing reply, ReplyContext context, CancellationToken ct)
    {
        var responseId = WireJson.NewId("");
        List<object[]> chunks;
        object[] whole;
        switch (reply)
        {
            case Outgoing.Text text:
                var thought = text.Reasoning is { } reasoning ? new object[] { new { text = reasoning, thought = true } } : [];
                chunks = [.. thought.Select(p => new[] { p }), .. WireJson.Deltas(text.Content).Select(d => new object[] { new { text = d } })];
                whole = [.. thought, new { text = text.Content }];
                break;
            case Outgoing.ToolCall call:
                whole = [new { functionCall = new { name = call.Name, args = call.Arguments } }];
                chunks = [whole];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(reply), reply, "not a writable reply");
        }

        object Response(object[] parts, bool last) => new
        {
            candidates = new[]
            {
                new { content = new { role = "model", parts }, finishReason = last ? "STOP" : null, index = 0 },
            },
            usageMetadata = last
                ? new { promptTokenCount = ReplyContext.InputTokens, candidatesTokenCount = ReplyContext.OutputTokens, totalTokenCount = ReplyContext.InputTokens + ReplyContext.OutputTokens }
                : null,
            modelVersion = context.Model,
            responseId,
        };

        if (!context.Stream)
        {
            await WireJson.WriteAsync(response, StatusCodes.Status200OK, Response(whole, last: true), ct);
            return;
        }

        var sse = SseWriter.Start(response);
        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            if (last)
            {
                await context.DelayUsageAsync(ct);
            }

            await sse.EventAsync(null, Response(chunks[i], last), ct);
        }
    }

    public Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken ct)
    {
        var code = status switch
        {
            400 => "INVALID_ARGUMENT",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 => "NOT_FOUND",
            429 => "RESOURCE_EXHAUSTED",
            503 => "UNAVAILABLE",
            _ => "INTERNAL",
        };
        return WireJson.WriteAsync(response, status, new { error = new { code = status, message, status = code } }, ct);
    }
}
