namespace Baton.Git.Cli;

/// <summary>What one git invocation printed and how it ended.</summary>
internal sealed record GitOutput(IReadOnlyList<string> Arguments, string WorkingDirectory, int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first stdout line, or an empty string.</summary>
    public string First => Stdout.Count > 0 ? Stdout[0] : "";

    public string ErrorText => string.Join('\n', Stderr).Trim();

    public string Command => "git " + string.Join(' ', Arguments);
}
