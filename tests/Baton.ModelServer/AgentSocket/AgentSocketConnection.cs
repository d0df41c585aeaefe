namespace Baton.ModelServer.AgentSocket;

/// <summary>One upgrade request the fake agent server saw, and what became of it.</summary>
public sealed record AgentSocketConnection
{
    public required int Id { get; init; }
    public required string Path { get; init; }
    /// <summary>The <c>thread_id</c> query parameter (decoded), or null when the request had none.</summary>
    public string? ThreadId { get; init; }
    /// <summary>Request headers, names case-insensitive.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    /// <summary>101 when upgraded, else the status the server answered (401 without the required token).</summary>
    public int Status { get; init; }
    /// <summary>The prompts received on this connection.</summary>
    public IReadOnlyList<string> Prompts { get; init; } = [];
    /// <summary>True once the server's side of the connection has ended (the client closed or aborted it).</summary>
    public bool Closed { get; init; }
}
