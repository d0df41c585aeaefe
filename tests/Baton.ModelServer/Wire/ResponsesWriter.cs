using Microsoft.AspNetCore.Http;

namespace Baton.ModelServer.Wire;

/// <summary>OpenAI Responses SSE: response.created, output items (added, deltas, done), response.completed with usage.</summary>
internal sealed class ResponsesWriter : IWireWriter
{
    public async Task WriteAsync(HttpResponse response, Outgoing reply, ReplyContext context, CancellationToken ct)
    {
        var id = WireJson.NewId("resp_");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var items = Items(reply);
        var final = new
        {
            id,
            @object = "response",
            created_at = created,
            model = context.Model,
            status = "completed",
            output = items.Select(i => i.Done).ToArray(),
            usage = new
            {
                input_tokens = ReplyContext.InputTokens,
                input_tokens_details = new { cached_tokens = 0 },
                output_tokens = ReplyContext.OutputTokens,
                output_tokens_details = new { reasoning_tokens = 0 },
                total_tokens = ReplyContext.InputTokens + ReplyContext.OutputTokens,
            },
        };
        if (!context.Stream)
        {
            await WireJson.WriteAsync(response, StatusCodes.Status200OK, final, ct);
            return;
        }

        var sse = SseWriter.Start(response);
        await sse.EventAsync("response.created", new
        {
            type = "response.created",
            response = new { id, @object = "response", created_at = created, model = context.Model, status = "in_progress", output = Array.Empty<object>() },
        }, ct);
        for (var index = 0; index < items.Count; index++)
        {
            await Send(sse, "response.output_item.added", new { type = "response.output_item.added", output_index = index, item = items[index].Added }, ct);
            foreach (var (name, data) in items[index].Middle(index))
            {
                await Send(sse, name, data, ct);
            }

            await Send(sse, "response.output_item.done", new { type = "response.output_item.done", output_index = index, item = items[index].Done }, ct);
        }

        await context.DelayUsageAsync(ct);
        await sse.EventAsync("response.completed", new { type = "response.completed", response = final }, ct);
    }

    public Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken ct) =>
        WireJson.WriteAsync(response, status, OpenAiError.Body(status, message), ct);

    private static Task Send(SseWriter sse, string name, object data, CancellationToken ct) => sse.EventAsync(name, data, ct);

    private static List<ResponsesItem> Items(Outgoing reply)
    {
        var items = new List<ResponsesItem>();
        switch (reply)
        {
            case Outgoing.Text text:
                if (text.Reasoning is { } reasoning)
                {
                    items.Add(ResponsesItem.Reasoning(reasoning));
                }

                items.Add(ResponsesItem.Message(text.Content));
                break;
            case Outgoing.ToolCall call:
                items.Add(ResponsesItem.FunctionCall(call.Name, call.Arguments.ToJsonString()));
                break;
            case Outgoing.CustomToolCall custom:
                items.Add(ResponsesItem.CustomToolCall(custom.Name, custom.Input));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(reply), reply, "not a writable reply");
        }

        return items;
    }
}
