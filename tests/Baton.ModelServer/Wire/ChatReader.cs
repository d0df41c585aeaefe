using System.Text.Json.Nodes;
using static Baton.ModelServer.Wire.JsonText;

namespace Baton.ModelServer.Wire;

/// <summary>Normalises an OpenAI Chat Completions request (opencode with <c>@ai-sdk/openai-compatible</c>).</summary>
internal static class ChatReader
{
    public static ModelRequest Read(JsonNode body)
    {
        var conversation = new ConversationBuilder();
        foreach (var message in Items(body["messages"]))
        {
            switch (Str(message["role"]))
            {
                case "user":
                    conversation.UserMessage(TextParts(message["content"], "text"));
                    break;
                case "tool":
                    conversation.ToolResult(ContentText(message["content"]));
                    break;
                default:
                    break;
            }
        }

        foreach (var tool in Items(body["tools"]))
        {
            var function = tool["function"] ?? tool;
            conversation.Tool(new OfferedTool(Str(function["name"]) ?? "", function["parameters"]));
        }

        return conversation.Build(WireProtocol.ChatCompletions, Str(body["model"]) ?? "", body, side: false);
    }
}
