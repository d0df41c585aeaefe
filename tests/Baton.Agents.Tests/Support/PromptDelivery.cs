using System.Text;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.Processes;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// Runs an adapter for real (ProcessRunner, /bin/sh) against a <see cref="FakeCli"/> and returns the bytes the CLI read
/// on stdin and its argv, to prove a prompt arrives exactly as written.
/// </summary>
public static class PromptDelivery
{
    /// <summary>Prompts that break naive argv passing: leading dashes, quotes, runs of spaces, numbers, newlines, size.</summary>
    public static TheoryData<string> Awkward() => new()
    {
        "Say hello",
        "--version",
        "-p tricky",
        "007 1e3 0x10 -5 true null",
        "  leading and trailing spaces  ",
        "line one\n\nline three\twith a tab\n",
        "\"quoted\" 'single' `backticks` $HOME \\ back\\slash",
        "unicode: é ü 漢字 🎉",
        "@README.md /help !ls",
        string.Join('\n', Enumerable.Range(0, 4000).Select(i => $"line {i} of a prompt longer than Linux allows in one argv element")),
    };

    public static async Task<(byte[] Stdin, IReadOnlyList<string> Args, AgentTurnResult Result)> RunAsync(
        Func<IProcessRunner, IAgentAdapter> adapter, AgentKind kind, string prompt, bool writePromptFile)
    {
        using var cli = new FakeCli(kind == AgentKind.Gemini ? "gemini" : "opencode");
        var turn = cli.Turn(new AgentConfig { Name = "agent", Kind = kind }, prompt);
        if (writePromptFile)
        {
            await File.WriteAllTextAsync(cli.PromptFile, prompt, new UTF8Encoding(false));
        }

        var result = await adapter(new ProcessRunner()).RunTurnAsync(turn, new RecordingSink(), CancellationToken.None);
        return (cli.Stdin, cli.Args, result);
    }
}
