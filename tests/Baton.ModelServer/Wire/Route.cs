namespace Baton.ModelServer.Wire;

/// <summary>Where a request goes, decided by method and path suffix (clients differ in what they put before it).</summary>
internal sealed record Route(RouteKind Kind, WireProtocol? Protocol, string? Model = null, bool GeminiStreaming = false)
{
    public static Route Match(string method, string path)
    {
        if (HttpMethodIs(method, "HEAD"))
        {
            return new Route(RouteKind.Head, null);
        }

        if (HttpMethodIs(method, "GET"))
        {
            return path.EndsWith("/models", StringComparison.Ordinal) ? new Route(RouteKind.Models, null) : Unknown;
        }

        if (!HttpMethodIs(method, "POST"))
        {
            return Unknown;
        }

        if (path.EndsWith("/responses", StringComparison.Ordinal))
        {
            return new Route(RouteKind.Turn, WireProtocol.Responses);
        }

        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            return new Route(RouteKind.Turn, WireProtocol.ChatCompletions);
        }

        if (path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            return new Route(RouteKind.Turn, WireProtocol.AnthropicMessages);
        }

        if (path.EndsWith("/v1/messages/count_tokens", StringComparison.Ordinal))
        {
            return new Route(RouteKind.CountTokens, WireProtocol.AnthropicMessages);
        }

        var colon = path.LastIndexOf(':');
        var models = path.LastIndexOf("/models/", StringComparison.Ordinal);
        if (colon > 0 && models >= 0 && colon > models)
        {
            var model = path[(models + "/models/".Length)..colon];
            return path[(colon + 1)..] switch
            {
                "streamGenerateContent" => new Route(RouteKind.Turn, WireProtocol.Gemini, model, GeminiStreaming: true),
                "generateContent" => new Route(RouteKind.Turn, WireProtocol.Gemini, model),
                "countTokens" => new Route(RouteKind.CountTokens, WireProtocol.Gemini, model),
                _ => Unknown,
            };
        }

        return Unknown;
    }

    private static Route Unknown { get; } = new(RouteKind.Unknown, null);

    private static bool HttpMethodIs(string method, string expected) => string.Equals(method, expected, StringComparison.OrdinalIgnoreCase);
}
