namespace Baton.ModelServer;

/// <summary>What the scripted model answers to one request; the server maps it onto the request's wire protocol.</summary>
public abstract record ModelReply
{
    private ModelReply()
    {
    }

    /// <summary>A streamed assistant text, optionally preceded by reasoning.</summary>
    public sealed record Text(string Content, string? Reasoning = null) : ModelReply;

    /// <summary>A call of the offered shell tool (text saying so when none is offered).</summary>
    public sealed record Shell(string Command) : ModelReply;

    /// <summary>A call of the offered file-writing tool (Codex without <c>apply_patch</c>: a shell command that writes it).</summary>
    public sealed record WriteFile(string Path, string Content) : ModelReply;

    /// <summary>An HTTP error with the protocol's error body.</summary>
    public sealed record Error(int Status, string Message) : ModelReply;

    /// <summary>Never answer: the request is held until the client disconnects or the server is disposed.</summary>
    public sealed record Hang : ModelReply;
}
