using System.CommandLine;

namespace Baton.Cli.Hosting;

/// <summary>Options every verb has: <c>--config</c> and <c>--format</c>.</summary>
public static class GlobalOptions
{
    public static Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "Path to baton.yaml (default: ./baton.yaml, or built-in defaults inside a git repository)",
        Recursive = true,
    };

    public static Option<OutputFormat> Format { get; } = new("--format")
    {
        Description = "text for people, json for scripts (machine output on stdout, human text on stderr)",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Text,
    };
}
