using Baton.Agents.Claude;
using Baton.Agents.Codex;
using Baton.Agents.Command;
using Baton.Agents.Gemini;
using Baton.Agents.Opencode;
using Baton.Agents.WebSocket;
using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Engine.Execution;
using Baton.Files;
using Baton.Git;
using Baton.Processes;
using Baton.Store.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Cli.Hosting;

/// <summary>The one place the engine's ports meet their adapters (used by <see cref="BatonApp"/> and by tests).</summary>
public static class EngineWiring
{
    public static EngineServices Create(BatonConfig config, string baseDirectory, string stateDir, IBatonStore store, TimeProvider? time = null, ILoggerFactory? logs = null)
    {
        var processes = new ProcessRunner();
        // What children print is redacted of Baton's secrets before it is kept anywhere; git prints none.
        var children = new RedactingProcessRunner(processes, SecretRedactor.From(SecretNames.Of(config), Environment.GetEnvironmentVariable));
        logs ??= NullLoggerFactory.Instance;
        return new EngineServices
        {
            Config = config,
            BaseDirectory = baseDirectory,
            StateDir = stateDir,
            Store = store,
            Files = new RunFilesFactory(stateDir) { LogCapChars = config.Policy.StageLogMb * 1024L * 1024 },
            Workspaces = new GitWorkspaceManager(processes, logs.CreateLogger("Baton.Git")),
            Processes = children,
            ProcessControl = new ProcessControl(),
            Agents = Adapters(children),
            ChildEnvironment = ChildEnvironment.Create,
            Time = time ?? TimeProvider.System,
            Lease = config.Store == "sqlite" ? null : config.Lease,
            Logs = logs,
        };
    }

    /// <summary>Every agent kind Baton drives, by kind.</summary>
    public static IReadOnlyDictionary<AgentKind, IAgentAdapter> Adapters(IProcessRunner processes)
    {
        IAgentAdapter[] adapters =
        [
            new CommandAgentAdapter(processes),
            new CodexAdapter(processes),
            new ClaudeAdapter(processes),
            new GeminiAdapter(processes),
            new OpencodeAdapter(processes),
            new WebSocketAgentAdapter(),
        ];
        return adapters.ToDictionary(a => a.Kind);
    }
}
