using System.Text.Json.Nodes;
using static Baton.ModelServer.Wire.JsonText;

namespace Baton.ModelServer.Wire;

/// <summary>Normalises a Gemini generateContent request (Gemini CLI); JSON-mode calls are helper calls.</summary>
internal static class GeminiReader
{
    public static ModelRequest Read(JsonNode body, string model)
    {
        var conversation = new ConversationBuilder();
        foreach (var content in Items(body["contents"]))
        {
            if ((Str(content["role"]) ?? "user") != "user")
            {
                continue;
            }

            var parts = Items(content["parts"]).ToList();
            foreach (var response in parts.Select(p => p["functionResponse"]).OfType<JsonNode>())
            {
                var payload = response["response"];
                conversation.ToolResult(Str(payload?["output"]) ?? Str(payload?["error"]) ?? ContentText(payload));
            }

            conversation.UserMessage(parts.Where(p => p["thought"] is null).Select(p => Str(p["text"])).OfType<string>());
        }

        foreach (var declaration in Items(body["tools"]).SelectMany(t => Items(t["functionDeclarations"])))
        {
            conversation.Tool(new OfferedTool(Str(declaration["name"]) ?? "", declaration["parametersJsonSchema"] ?? declaration["parameters"]));
        }

        var config = body["generationConfig"];
        var jsonMode = Str(config?["responseMimeType"]) == "application/json";
        var schema = jsonMode ? config?["responseJsonSchema"] ?? config?["responseSchema"] : null;
        return conversation.Build(WireProtocol.Gemini, model, body, side: jsonMode, schema);
    }
}
