namespace Baton.ModelServer;

/// <summary>The model API a request spoke, decided by the route it arrived on.</summary>
public enum WireProtocol
{
    /// <summary>OpenAI Responses API (Codex, opencode with <c>@ai-sdk/openai</c>).</summary>
    Responses,

    /// <summary>OpenAI Chat Completions (opencode with <c>@ai-sdk/openai-compatible</c>).</summary>
    ChatCompletions,

    /// <summary>Anthropic Messages (Claude Code).</summary>
    AnthropicMessages,

    /// <summary>Gemini generateContent (Gemini CLI).</summary>
    Gemini,
}
