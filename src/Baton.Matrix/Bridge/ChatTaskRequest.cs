namespace Baton.Matrix.Bridge;

/// <summary>A task asked for in a lobby: the message is the prompt; the lobby says which project.</summary>
public sealed record ChatTaskRequest
{
    public required string Prompt { get; init; }
    public required string Project { get; init; }
    public required string Requester { get; init; }
    /// <summary><c>matrix:&lt;event id&gt;</c>: the same message never makes two tasks.</summary>
    public required string ExternalKey { get; init; }
}
