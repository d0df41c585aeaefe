using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.ModelServer;
using Baton.Processes;
using Baton.Testing;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// A real CLI's turns through its adapter and the real process runner, in a temporary git workspace, against the
/// scripted model server: for scenarios beyond the conformance suite (keys, usage, stale sessions, refusals).
/// </summary>
public sealed class RealCliHarness : IAsyncLifetime
{
    private readonly TempGitRepo _repo = new();
    private readonly string _home = TempDir.Create("agent-home");
    private ScriptedModelServer? _server;

    public ScriptedModelServer Server => _server ?? throw new InvalidOperationException("the model server is not started");

    public string Workspace => _repo.Path;

    /// <summary>The agent's isolated home (the CLI's config and sessions live under it).</summary>
    public string HomeOf(AgentConfig agent) => Path.Combine(_home, agent.Name);

    public async Task InitializeAsync() => _server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _repo.Dispose();
        TempDir.Delete(_home);
    }

    public async Task<(AgentTurnResult Result, RecordingSink Sink)> TurnAsync(
        IAgentAdapter adapter, AgentConfig agent, string prompt, Func<AgentTurn, AgentTurn>? adjust = null, RecordingSink? sink = null, CancellationToken ct = default)
    {
        var promptFile = Path.Combine(_home, "prompt.md");
        await File.WriteAllTextAsync(promptFile, prompt, ct);
        var turn = new AgentTurn
        {
            Agent = agent,
            Role = AgentRole.Builder,
            Prompt = prompt,
            PromptFile = promptFile,
            Workspace = Workspace,
            TaskId = "t-real",
            RunId = "r-real",
            Stage = "build",
            Timeout = TimeSpan.FromSeconds(120),
            Environment = ChildEnvironment.Create(new Dictionary<string, string> { ["PATH"] = AgentClis.SearchPath() }),
            HomeDirectory = HomeOf(agent),
        };
        sink ??= new RecordingSink();
        var result = await adapter.RunTurnAsync(adjust is null ? turn : adjust(turn), sink, ct);
        return (result, sink);
    }

    /// <summary>Files under <paramref name="dir"/> whose bytes contain <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> FilesContaining(string dir, string text) =>
        [.. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => Contains(f, text))];

    private static bool Contains(string file, string text)
    {
        try
        {
            return File.ReadAllText(file).Contains(text, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
