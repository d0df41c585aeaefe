namespace Baton.Agents.Cli;

/// <summary>How to start a CLI for one turn: its executable, arguments and the variables added to the turn's environment.</summary>
public sealed record CliLaunch
{
    public required string Executable { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
