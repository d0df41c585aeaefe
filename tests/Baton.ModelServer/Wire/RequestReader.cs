using System.Text.Json.Nodes;

namespace Baton.ModelServer.Wire;

internal static class RequestReader
{
    public static ModelRequest Read(Route route, JsonNode body) => route.Protocol switch
    {
        WireProtocol.Responses => ResponsesReader.Read(body),
        WireProtocol.ChatCompletions => ChatReader.Read(body),
        WireProtocol.AnthropicMessages => AnthropicReader.Read(body),
        WireProtocol.Gemini => GeminiReader.Read(body, route.Model ?? ""),
        null => throw new ArgumentException("not a model turn", nameof(route)),
    };
}
