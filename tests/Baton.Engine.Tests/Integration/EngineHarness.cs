using Baton.Agents.Command;
using Baton.Cli.Hosting;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;
using Baton.Git;
using Baton.Processes;
using Baton.Store.Sqlite;

namespace Baton.Engine.Tests.Integration;

/// <summary>
/// The engine wired as <c>BatonApp</c> wires it — real SQLite store, run files, git worktrees, processes and the command
/// agent — against a temporary git repository, with a scratch directory outside the workspace for the agents to write to.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private EngineHarness(TempGitRepo repo, string stateDir, string scratch, SqliteStore store, EngineServices services)
    {
        Repo = repo;
        StateDir = stateDir;
        Scratch = scratch;
        Store = store;
        Services = services;
    }

    public TempGitRepo Repo { get; }

    public string StateDir { get; }

    /// <summary>Outside the workspace; agents see it as <c>$SCRATCH</c>.</summary>
    public string Scratch { get; }

    public SqliteStore Store { get; }

    public EngineServices Services { get; }

    /// <summary>One project on the repository, one <c>command</c> agent running <paramref name="agentCommand"/>, one builder stage.</summary>
    public static BatonConfig ShellAgentConfig(string scratch, string agentCommand, IReadOnlyList<string> gates, int maxConcurrentRuns = 1, int builderAttempts = 1) => new()
    {
        MaxConcurrentRuns = maxConcurrentRuns,
        DefaultAgent = "shell",
        Agents = new Dictionary<string, AgentConfig>
        {
            ["shell"] = new()
            {
                Name = "shell",
                Kind = AgentKind.Command,
                Command = agentCommand,
                Env = new Dictionary<string, string> { ["SCRATCH"] = scratch },
                Timeout = TimeSpan.FromSeconds(60),
            },
        },
        Projects = [new ProjectConfig { Key = "app" }],
        Pipelines = new Dictionary<string, PipelineConfig>
        {
            ["default"] = new()
            {
                Name = "default",
                Stages = [new StageConfig { Id = "build", Kind = StageKind.Agent, Role = AgentRole.Builder }],
                Gates = [.. gates.Select(g => new GateConfig(g, TimeSpan.FromSeconds(30)))],
                MaxAttempts = builderAttempts,
            },
        },
    };

    /// <param name="configFor">Builds the configuration, given the scratch directory.</param>
    /// <param name="adjust">Changes the wired services (extra agent adapters, a secrets source).</param>
    public static async Task<EngineHarness> CreateAsync(Func<string, BatonConfig> configFor, TimeProvider? time = null, Func<EngineServices, EngineServices>? adjust = null)
    {
        var repo = new TempGitRepo();
        var stateDir = TempDir.Create("state");
        var scratch = TempDir.Create("scratch");
        var config = configFor(scratch);
        ConfigValidator.Validate(config).ShouldBeEmpty("the hand-built configuration is one baton.yaml could produce");
        var store = await SqliteStore.OpenAsync(Path.Combine(stateDir, "baton.db"), TimeProvider.System, CancellationToken.None);
        var services = EngineWiring.Create(config, repo.Path, stateDir, store, time);
        services = adjust?.Invoke(services) ?? services;
        return new EngineHarness(repo, stateDir, scratch, store, services);
    }

    public async Task<TaskItem> AddTaskAsync(string title, int maxAttempts = 1)
    {
        var now = Services.Time.GetUtcNow();
        var task = new TaskItem { Id = Ids.NewTaskId(), Title = title, Prompt = title, MaxAttempts = maxAttempts, CreatedAt = now, UpdatedAt = now };
        await Store.AddTaskAsync(task, Actor.Baton, CancellationToken.None);
        return task;
    }

    public string ScratchFile(string name) => Path.Combine(Scratch, name);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        TempDir.Delete(StateDir);
        TempDir.Delete(Scratch);
        Repo.Dispose();
    }
}
