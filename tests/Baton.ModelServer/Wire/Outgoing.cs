using System.Text.Json.Nodes;

namespace Baton.ModelServer.Wire;

/// <summary>A <see cref="ModelReply"/> resolved against the tools the request offered, ready to be written.</summary>
internal abstract record Outgoing
{
    public sealed record Text(string Content, string? Reasoning) : Outgoing;

    public sealed record ToolCall(string Name, JsonObject Arguments) : Outgoing;

    /// <summary>A Codex freeform (custom) tool call whose input is raw text.</summary>
    public sealed record CustomToolCall(string Name, string Input) : Outgoing;

    public sealed record Failure(int Status, string Message) : Outgoing;

    public sealed record Hold : Outgoing;
}
