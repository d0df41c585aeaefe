using System.Text.Json.Nodes;

namespace Baton.Core.Events.Data;

/// <summary><c>agent.session</c>: the CLI's session id, new or continued.</summary>
public sealed record AgentSessionData() : EventData(EventType.AgentSession)
{
    public required string SessionId { get; init; }
    public string? Agent { get; init; }
    public bool Resumed { get; init; }
}

/// <summary><c>agent.message</c>: text the agent said.</summary>
public sealed record AgentMessageData() : EventData(EventType.AgentMessage)
{
    public required string Text { get; init; }
}

/// <summary><c>agent.reasoning</c>: the agent's visible thinking.</summary>
public sealed record AgentReasoningData() : EventData(EventType.AgentReasoning)
{
    public required string Text { get; init; }
}

/// <summary>
/// <c>agent.command</c>: a shell command the agent ran. <see cref="Status"/> is <c>started</c>, <c>completed</c>,
/// <c>failed</c> or <c>declined</c>; <see cref="Output"/> is its end when long (<see cref="OutputTruncated"/>).
/// </summary>
public sealed record AgentCommandData() : EventData(EventType.AgentCommand)
{
    public string? Id { get; init; }
    public string? Command { get; init; }
    public string? Status { get; init; }
    public int? ExitCode { get; init; }
    public string? Output { get; init; }
    public bool? OutputTruncated { get; init; }
}

/// <summary><c>agent.file_change</c>: <see cref="Kind"/> is <c>add</c>, <c>update</c> or <c>delete</c>.</summary>
public sealed record AgentFileChangeData() : EventData(EventType.AgentFileChange)
{
    public required string Path { get; init; }
    public string? Kind { get; init; }
}

/// <summary><c>agent.tool</c>: any other tool call, with its input as the CLI gave it.</summary>
public sealed record AgentToolData() : EventData(EventType.AgentTool)
{
    public string? Id { get; init; }
    public required string Name { get; init; }
    public required string Status { get; init; }
    public JsonObject? Input { get; init; }
    public string? Output { get; init; }
    public bool? OutputTruncated { get; init; }
}

/// <summary><c>agent.usage</c>: tokens (and cost, when the CLI says) of one turn.</summary>
public sealed record AgentUsageData() : EventData(EventType.AgentUsage)
{
    public long InputTokens { get; init; }
    public long CachedInputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long ReasoningTokens { get; init; }
    public decimal? CostUsd { get; init; }
}

/// <summary><c>agent.error</c>: a warning, or a fatal error with its failure signature.</summary>
public sealed record AgentErrorData() : EventData(EventType.AgentError)
{
    public required string Message { get; init; }
    public bool Fatal { get; init; }
    public string? Failure { get; init; }
}

/// <summary><c>agent.raw</c>: output Baton could not read as an event, kept whole.</summary>
public sealed record AgentRawData() : EventData(EventType.AgentRaw)
{
    public required string Line { get; init; }
    public string? Reason { get; init; }
}
