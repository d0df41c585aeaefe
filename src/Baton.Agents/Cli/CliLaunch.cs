namespace Baton.Agents.Cli;

/// <summary>How to start a CLI for one turn: its executable, arguments, the variables added to the turn's environment, and its stdin protocol.</summary>
public sealed record CliLaunch
{
    public required string Executable { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>Set for a CLI driven over its stdin protocol; null: stdin closed, the prompt in argv or a file.</summary>
    public ICliConversation? Conversation { get; init; }
    /// <summary>The turn's parser when the conversation reads the stream itself; null: the adapter's own.</summary>
    public IAgentStreamParser? Parser { get; init; }
}
