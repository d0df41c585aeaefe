using System.Text.Json.Nodes;

namespace Baton.ModelServer;

/// <summary>The protocol-independent view of one model request that a <see cref="ModelScript"/> decides from.</summary>
public sealed record ModelRequest
{
    public WireProtocol Protocol { get; init; }

    public string Model { get; init; } = "";

    /// <summary>The real user prompts in order (one entry per user message); injected context blocks are left out.</summary>
    public IReadOnlyList<string> UserTexts { get; init; } = [];

    public string LastUserText => UserTexts.Count > 0 ? UserTexts[^1] : "";

    public int UserMessageCount => UserTexts.Count;

    /// <summary>True when a tool result came after the last real user prompt (the model is continuing a tool loop).</summary>
    public bool LastIsToolResult { get; init; }

    public string? LastToolResultText { get; init; }

    public IReadOnlyList<OfferedTool> Tools { get; init; } = [];

    /// <summary>A helper call (title generator, router, next-speaker check, quota probe…) rather than the agent's turn.</summary>
    public bool IsSideRequest { get; init; }

    /// <summary>Every text in the request except the tool definitions, for Contains checks.</summary>
    public string AllText { get; init; } = "";

    /// <summary>The working directory the CLI told the model about, when it did.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The JSON schema a JSON-mode helper call must answer with (Gemini <c>responseJsonSchema</c>), or null.</summary>
    public JsonNode? ResponseSchema { get; init; }

    public bool Offers(string toolName) => Tools.Any(t => t.Name == toolName);
}
