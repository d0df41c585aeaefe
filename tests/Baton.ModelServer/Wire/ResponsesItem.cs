namespace Baton.ModelServer.Wire;

/// <summary>One Responses output item: its <c>added</c> and <c>done</c> shapes and the delta events between them.</summary>
internal sealed record ResponsesItem(object Added, object Done, Func<int, IEnumerable<(string Name, object Data)>> Middle)
{
    public static ResponsesItem Message(string text)
    {
        var id = WireJson.NewId("msg_");
        var part = new { type = "output_text", text, annotations = Array.Empty<object>() };
        return new ResponsesItem(
            new { type = "message", id, role = "assistant", status = "in_progress", content = Array.Empty<object>() },
            new { type = "message", id, role = "assistant", status = "completed", content = new[] { part } },
            index => MessageEvents(id, index, text, part));
    }

    public static ResponsesItem Reasoning(string text)
    {
        var id = WireJson.NewId("rs_");
        return new ResponsesItem(
            new { type = "reasoning", id, summary = Array.Empty<object>() },
            new { type = "reasoning", id, summary = new[] { new { type = "summary_text", text } } },
            index =>
            [
                ("response.reasoning_summary_part.added", new { type = "response.reasoning_summary_part.added", item_id = id, output_index = index, summary_index = 0, part = new { type = "summary_text", text = "" } }),
                ("response.reasoning_summary_text.delta", new { type = "response.reasoning_summary_text.delta", item_id = id, output_index = index, summary_index = 0, delta = text }),
                ("response.reasoning_summary_text.done", new { type = "response.reasoning_summary_text.done", item_id = id, output_index = index, summary_index = 0, text }),
            ]);
    }

    public static ResponsesItem FunctionCall(string name, string arguments)
    {
        var id = WireJson.NewId("fc_");
        var callId = WireJson.NewId("call_");
        return new ResponsesItem(
            new { type = "function_call", id, call_id = callId, name, arguments = "", status = "in_progress" },
            new { type = "function_call", id, call_id = callId, name, arguments, status = "completed" },
            index =>
            [
                ("response.function_call_arguments.delta", new { type = "response.function_call_arguments.delta", item_id = id, output_index = index, delta = arguments }),
                ("response.function_call_arguments.done", new { type = "response.function_call_arguments.done", item_id = id, output_index = index, arguments }),
            ]);
    }

    public static ResponsesItem CustomToolCall(string name, string input)
    {
        var id = WireJson.NewId("ctc_");
        var callId = WireJson.NewId("call_");
        return new ResponsesItem(
            new { type = "custom_tool_call", id, call_id = callId, name, input = "", status = "in_progress" },
            new { type = "custom_tool_call", id, call_id = callId, name, input, status = "completed" },
            index => [("response.custom_tool_call_input.delta", new { type = "response.custom_tool_call_input.delta", item_id = id, output_index = index, delta = input })]);
    }

    private static IEnumerable<(string, object)> MessageEvents(string id, int index, string text, object part)
    {
        yield return ("response.content_part.added", new { type = "response.content_part.added", item_id = id, output_index = index, content_index = 0, part = new { type = "output_text", text = "", annotations = Array.Empty<object>() } });
        foreach (var delta in WireJson.Deltas(text))
        {
            yield return ("response.output_text.delta", new { type = "response.output_text.delta", item_id = id, output_index = index, content_index = 0, delta });
        }

        yield return ("response.output_text.done", new { type = "response.output_text.done", item_id = id, output_index = index, content_index = 0, text });
        yield return ("response.content_part.done", new { type = "response.content_part.done", item_id = id, output_index = index, content_index = 0, part });
    }
}
