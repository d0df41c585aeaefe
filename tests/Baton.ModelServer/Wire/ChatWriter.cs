using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>Chat Completions SSE: delta chunks, a finish chunk, a usage chunk (choices empty), then <c>[DONE]</c>.</summary>
internal sealed class ChatWriter : IWireWriter
{
    private static readonly object Usage = new
    {
        prompt_tokens = ReplyContext.InputTokens,
        completion_tokens = ReplyContext.OutputTokens,
        total_tokens = ReplyContext.InputTokens + ReplyContext.OutputTokens,
    };

    public async Task WriteAsync(HttpResponse response, Outgoing reply, ReplyContext context, CancellationToken ct)
    {
        var id = WireJson.NewId("chatcmpl-");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (text, reasoning, call) = reply switch
        {
            Outgoing.Text t => (t.Content, t.Reasoning, (Outgoing.ToolCall?)null),
            Outgoing.ToolCall c => ((string?)null, (string?)null, c),
            _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "not a writable reply"),
        };
        var callId = WireJson.NewId("call_");
        var finish = call is null ? "stop" : "tool_calls";
        object Chunk(object delta, string? finishReason) => new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model = context.Model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };

        if (!context.Stream)
        {
            var message = call is null
                ? (object)new { role = "assistant", content = text, reasoning_content = reasoning }
                : new { role = "assistant", content = (string?)null, tool_calls = new[] { ToolCall(callId, call) } };
            await WireJson.WriteAsync(response, StatusCodes.Status200OK, new
            {
                id,
                @object = "chat.completion",
                created,
                model = context.Model,
                choices = new[] { new { index = 0, message, finish_reason = finish } },
                usage = Usage,
            }, ct);
            return;
        }

        var sse = SseWriter.Start(response);
        if (call is not null)
        {
            var delta = new { role = "assistant", content = (string?)null, tool_calls = new[] { new { index = 0, id = callId, type = "function", function = new { name = call.Name, arguments = call.Arguments.ToJsonString() } } } };
            await sse.EventAsync(null, Chunk(delta, null), ct);
        }
        else
        {
            await sse.EventAsync(null, Chunk(new { role = "assistant", content = "" }, null), ct);
            if (reasoning is not null)
            {
                await sse.EventAsync(null, Chunk(new { reasoning_content = reasoning }, null), ct);
            }

            foreach (var delta in WireJson.Deltas(text!))
            {
                await sse.EventAsync(null, Chunk(new { content = delta }, null), ct);
            }
        }

        await sse.EventAsync(null, Chunk(new { }, finish), ct);
        await context.DelayUsageAsync(ct);
        await sse.EventAsync(null, new { id, @object = "chat.completion.chunk", created, model = context.Model, choices = Array.Empty<object>(), usage = Usage }, ct);
        await sse.DoneAsync(ct);
    }

    public Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken ct) =>
        WireJson.WriteAsync(response, status, OpenAiError.Body(status, message), ct);

    private static object ToolCall(string id, Outgoing.ToolCall call) =>
        new { id, type = "function", function = new { name = call.Name, arguments = call.Arguments.ToJsonString() } };
}
