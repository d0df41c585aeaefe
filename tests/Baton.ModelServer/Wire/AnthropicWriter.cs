using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>Anthropic Messages SSE: message_start, content blocks (start, deltas, stop), message_delta, message_stop.</summary>
internal sealed class AnthropicWriter : IWireWriter
{
    public async Task WriteAsync(HttpResponse response, Outgoing reply, ReplyContext context, CancellationToken ct)
    {
        var id = WireJson.NewId("msg_");
        var blocks = Blocks(reply);
        var stopReason = reply is Outgoing.ToolCall ? "tool_use" : "end_turn";
        if (!context.Stream)
        {
            await WireJson.WriteAsync(response, StatusCodes.Status200OK, new
            {
                id,
                type = "message",
                role = "assistant",
                model = context.Model,
                content = blocks.Select(b => b.Final).ToArray(),
                stop_reason = stopReason,
                stop_sequence = (string?)null,
                usage = new { input_tokens = ReplyContext.InputTokens, output_tokens = ReplyContext.OutputTokens },
            }, ct);
            return;
        }

        var sse = SseWriter.Start(response);
        await sse.EventAsync("message_start", new
        {
            type = "message_start",
            message = new
            {
                id,
                type = "message",
                role = "assistant",
                model = context.Model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = ReplyContext.InputTokens, output_tokens = 1, cache_creation_input_tokens = 0, cache_read_input_tokens = 0 },
            },
        }, ct);
        for (var index = 0; index < blocks.Count; index++)
        {
            await sse.EventAsync("content_block_start", new { type = "content_block_start", index, content_block = blocks[index].Start }, ct);
            foreach (var delta in blocks[index].Deltas)
            {
                await sse.EventAsync("content_block_delta", new { type = "content_block_delta", index, delta }, ct);
            }

            await sse.EventAsync("content_block_stop", new { type = "content_block_stop", index }, ct);
        }

        await context.DelayUsageAsync(ct);
        await sse.EventAsync("message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = stopReason, stop_sequence = (string?)null },
            usage = new { output_tokens = ReplyContext.OutputTokens },
        }, ct);
        await sse.EventAsync("message_stop", new { type = "message_stop" }, ct);
    }

    public Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken ct)
    {
        var type = status switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            _ => "api_error",
        };
        return WireJson.WriteAsync(response, status, new { type = "error", error = new { type, message } }, ct);
    }

    private sealed record Block(object Start, IReadOnlyList<object> Deltas, object Final);

    private static List<Block> Blocks(Outgoing reply)
    {
        switch (reply)
        {
            case Outgoing.Text text:
                var blocks = new List<Block>();
                if (text.Reasoning is { } thinking)
                {
                    const string signature = "scripted-signature";
                    blocks.Add(new Block(
                        new { type = "thinking", thinking = "", signature = "" },
                        [new { type = "thinking_delta", thinking }, new { type = "signature_delta", signature }],
                        new { type = "thinking", thinking, signature }));
                }

                blocks.Add(new Block(
                    new { type = "text", text = "" },
                    WireJson.Deltas(text.Content).Select(d => (object)new { type = "text_delta", text = d }).ToArray(),
                    new { type = "text", text = text.Content }));
                return blocks;
            case Outgoing.ToolCall call:
                var id = WireJson.NewId("toolu_");
                var json = call.Arguments.ToJsonString();
                var half = json.Length / 2;
                return
                [
                    new Block(
                        new { type = "tool_use", id, name = call.Name, input = new { } },
                        [new { type = "input_json_delta", partial_json = json[..half] }, new { type = "input_json_delta", partial_json = json[half..] }],
                        new { type = "tool_use", id, name = call.Name, input = call.Arguments }),
                ];
            default:
                throw new ArgumentOutOfRangeException(nameof(reply), reply, "not a writable reply");
        }
    }
}
