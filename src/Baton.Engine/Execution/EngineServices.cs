using Baton.Core.Config;
using Baton.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Engine.Execution;

/// <summary>Everything the engine needs from the outside, wired once by the composition root.</summary>
public sealed record EngineServices
{
    public required BatonConfig Config { get; init; }
    /// <summary>Directory relative paths in the config resolve against.</summary>
    public required string BaseDirectory { get; init; }
    /// <summary>Absolute state directory.</summary>
    public required string StateDir { get; init; }
    public required IBatonStore Store { get; init; }
    public required IRunFilesFactory Files { get; init; }
    public required IWorkspaceManager Workspaces { get; init; }
    public required IProcessRunner Processes { get; init; }
    public required IProcessControl ProcessControl { get; init; }
    public required IReadOnlyDictionary<AgentKind, IAgentAdapter> Agents { get; init; }
    /// <summary>Builds an explicit child environment (no Baton secrets) with the given extra variables.</summary>
    public required Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> ChildEnvironment { get; init; }
    /// <summary>Reads a secret (an agent's API key) from the variable the config names; never stored or logged.</summary>
    public Func<string, string?> Secrets { get; init; } = Environment.GetEnvironmentVariable;
    /// <summary>First back-off after a rate limit or overload; doubles per try, with jitter.</summary>
    public TimeSpan RateLimitBackoff { get; init; } = TimeSpan.FromSeconds(5);
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a live run writes a <c>run.heartbeat</c> event, so its event log alone shows it was alive.</summary>
    public TimeSpan HeartbeatEventInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// On a shared store, how long this node may go without renewing a run's heartbeat before another node takes the run
    /// (and this one stops its processes); null on the embedded store, where a run's owner is judged by its process.
    /// </summary>
    public TimeSpan? Lease { get; init; }
    /// <summary>On a shared store, <see cref="Time"/> set to the store's clock (kept in step by recovery); null on the embedded store.</summary>
    public StoreClock? Clock { get; init; }
    /// <summary>
    /// Whether runs make spare worktrees for the tasks to come. A one-shot command (<c>baton run</c>, <c>start</c>,
    /// <c>resume</c>, <c>retry</c>) does not: nothing would use them, and making them competes with the run and delays
    /// its exit. A spare already made is still taken (that is free).
    /// </summary>
    public bool MakeSpares { get; init; } = true;
    /// <summary>Repository inspections of this process, shared by the checks at submission and the runs (see <see cref="RepoInspections"/>).</summary>
    public RepoInspections Repos => _repos ??= new RepoInspections(Workspaces, Time);
    private RepoInspections? _repos;
    /// <summary>Where failures and the service's story go (the log file under the state directory; nothing in tests).</summary>
    public ILoggerFactory Logs { get; init; } = NullLoggerFactory.Instance;
}
