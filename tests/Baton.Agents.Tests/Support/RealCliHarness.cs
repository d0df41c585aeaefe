using Baton.Agents.Tests.Conformance;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.ModelServer;
using Baton.Processes;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// One real agent CLI turn after another against the scripted model server, in a temp git workspace with an isolated
/// agent home; the pieces the per-CLI real tests and <see cref="RealCliScenarios"/> share.
/// </summary>
public sealed class RealCliHarness : IAsyncDisposable
{
    private readonly TempGitRepo _repo = new();
    private readonly string _root = TempDir.Create("real-cli");

    private RealCliHarness(ScriptedModelServer server, Func<IProcessRunner, IAgentAdapter> adapter)
    {
        Server = server;
        Adapter = adapter;
    }

    public ScriptedModelServer Server { get; }

    public Func<IProcessRunner, IAgentAdapter> Adapter { get; }

    public string Workspace => _repo.Path;

    /// <summary>The agent's isolated home (<see cref="AgentTurn.HomeDirectory"/>).</summary>
    public string Home => Path.Combine(_root, "home");

    public static async Task<RealCliHarness> StartAsync(Func<IProcessRunner, IAgentAdapter> adapter) =>
        new(await ScriptedModelServer.StartAsync(), adapter);

    public AgentTurn Turn(AgentConfig agent, string prompt, string? session = null, AgentSecret? key = null, TimeSpan? timeout = null)
    {
        var promptFile = Path.Combine(_root, $"prompt-{Guid.NewGuid():N}.md");
        File.WriteAllText(promptFile, prompt);
        return new AgentTurn
        {
            Agent = agent,
            Role = AgentRole.Builder,
            Prompt = prompt,
            PromptFile = promptFile,
            Workspace = Workspace,
            TaskId = "t-real",
            RunId = "r-real",
            Stage = "build",
            SessionId = session,
            ApiKey = key,
            Timeout = timeout ?? TimeSpan.FromSeconds(120),
            Environment = ChildEnvironment.Create(new Dictionary<string, string> { ["PATH"] = AgentClis.SearchPath() }),
            HomeDirectory = Home,
        };
    }

    public async Task<(AgentTurnResult Result, ConformanceSink Sink)> RunAsync(AgentTurn turn, CancellationToken ct = default)
    {
        var sink = new ConformanceSink();
        var result = await Adapter(new ProcessRunner()).RunTurnAsync(turn, sink, ct);
        return (result, sink);
    }

    /// <summary>Every file of the turn's world: the agent home, the workspace and the prompt files.</summary>
    public IEnumerable<string> Files =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(Workspace, "*", SearchOption.AllDirectories));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _repo.Dispose();
        TempDir.Delete(_root);
    }
}
