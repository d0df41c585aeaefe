using System.Text.Json.Nodes;
using static Baton.ModelServer.Wire.JsonText;

namespace Baton.ModelServer.Wire;

/// <summary>Normalises an OpenAI Responses request (Codex; opencode with <c>@ai-sdk/openai</c>).</summary>
internal static class ResponsesReader
{
    public static ModelRequest Read(JsonNode body)
    {
        var conversation = new ConversationBuilder();
        if (Str(body["input"]) is { } single)
        {
            conversation.UserMessage([single]);
        }

        foreach (var item in Items(body["input"]))
        {
            switch (Str(item["type"]) ?? "message")
            {
                case "message" when Str(item["role"]) == "user":
                    conversation.UserMessage(TextParts(item["content"], "input_text", "text"));
                    break;
                case "function_call_output" or "custom_tool_call_output" or "local_shell_call_output":
                    conversation.ToolResult(ContentText(item["output"]));
                    break;
                default:
                    break;
            }
        }

        foreach (var tool in Items(body["tools"]))
        {
            var type = Str(tool["type"]) ?? "function";
            var name = Str(tool["name"]) ?? type;
            conversation.Tool(type switch
            {
                "custom" => new OfferedTool(name, null, Freeform: true),
                _ => new OfferedTool(name, tool["parameters"]),
            });
        }

        return conversation.Build(WireProtocol.Responses, Str(body["model"]) ?? "", body, side: false);
    }
}
