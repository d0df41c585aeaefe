using System.Text.Json.Nodes;
using static Baton.ModelServer.Wire.JsonText;

namespace Baton.ModelServer.Wire;

/// <summary>Normalises an Anthropic Messages request (Claude Code).</summary>
internal static class AnthropicReader
{
    public static ModelRequest Read(JsonNode body)
    {
        var conversation = new ConversationBuilder();
        foreach (var message in Items(body["messages"]))
        {
            if (Str(message["role"]) != "user")
            {
                continue;
            }

            // Tool results come first in a user message; text after them is a reminder or a new prompt.
            foreach (var result in Items(message["content"]).Where(b => Str(b["type"]) == "tool_result"))
            {
                conversation.ToolResult(ContentText(result["content"]));
            }

            conversation.UserMessage(TextParts(message["content"], "text"));
        }

        foreach (var tool in Items(body["tools"]))
        {
            conversation.Tool(new OfferedTool(Str(tool["name"]) ?? Str(tool["type"]) ?? "", tool["input_schema"]));
        }

        return conversation.Build(WireProtocol.AnthropicMessages, Str(body["model"]) ?? "", body, side: false);
    }
}
