using Baton.Agents.Claude;
using Baton.Agents.Cli;
using Baton.Agents.Codex;
using Baton.Agents.Gemini;
using Baton.Agents.Opencode;
using Baton.Bench.Infra;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Bench.Scenarios;

/// <summary>The four agent CLIs as (e) and (f) use them: their parsers, adapters, installed binaries and recorded streams.</summary>
internal static class AgentClis
{
    public static readonly string[] Names = ["codex", "claude", "gemini", "opencode"];

    public static IAgentStreamParser Parser(string cli, string workspace) => cli switch
    {
        "codex" => new CodexStreamParser(workspace),
        "claude" => new ClaudeStreamParser(workspace),
        "gemini" => new GeminiStreamParser(workspace),
        _ => new OpencodeStreamParser(workspace),
    };

    public static IAgentAdapter Adapter(string cli, IProcessRunner processes) => cli switch
    {
        "codex" => new CodexAdapter(processes),
        "claude" => new ClaudeAdapter(processes),
        "gemini" => new GeminiAdapter(processes),
        _ => new OpencodeAdapter(processes),
    };

    /// <summary>The agent pointed at the scripted model server, as the end-to-end tests configure it.</summary>
    public static AgentConfig Agent(string cli, Uri server)
    {
        var root = server.ToString().TrimEnd('/');
        var (baseUrl, model) = cli switch
        {
            "codex" => ($"{root}/v1", "fake-model"),
            "claude" => (root, "claude-sonnet-4-5"),
            "gemini" => (root, "gemini-2.5-flash"),
            _ => ($"{root}/v1", "fake-model"),
        };
        return new AgentConfig { Name = cli, Kind = Enum.Parse<AgentKind>(cli, ignoreCase: true), Command = Binary(cli), BaseUrl = baseUrl, Model = model };
    }

    public static string Binary(string cli)
    {
        var cache = Path.Combine(Root(), ".cache", "agents");
        var found = Directory.Exists(cache)
            ? Directory.EnumerateDirectories(cache).Select(d => Path.Combine(d, "node_modules", ".bin", cli)).FirstOrDefault(File.Exists)
            : null;
        return found ?? throw new BenchException($"the {cli} CLI is not installed; run scripts/install-agent-clis");
    }

    /// <summary>Every line of the CLI's recorded real streams (tests/Baton.Agents.Tests/Streams/&lt;cli&gt;/*.jsonl).</summary>
    public static IReadOnlyList<string> RecordedLines(string cli)
    {
        var dir = Path.Combine(Root(), "tests", "Baton.Agents.Tests", "Streams", cli);
        return Directory.Exists(dir)
            ? [.. Directory.EnumerateFiles(dir, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadLines)]
            : throw new BenchException($"no recorded streams in {dir}");
    }

    private static string Root() => BatonLocator.RepoRoot() ?? throw new BenchException("run the benchmark from the repository");
}
