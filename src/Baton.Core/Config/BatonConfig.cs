namespace Baton.Core.Config;

/// <summary>The whole of <c>baton.yaml</c> after loading and defaulting. Validated by <see cref="ConfigValidator"/>.</summary>
public sealed record BatonConfig
{
    public int Version { get; init; } = 1;
    public string StateDir { get; init; } = ".baton";
    public string Store { get; init; } = "sqlite";
    /// <summary>The environment variable holding the PostgreSQL store's password (never the file).</summary>
    public string? StorePasswordEnv { get; init; }
    /// <summary>
    /// On a shared (PostgreSQL) store, how long a node holds a run without renewing its heartbeat before another node
    /// may take the run over.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(15);
    public int MaxConcurrentRuns { get; init; } = 4;
    /// <summary>The agent used by agent stages that name none: the first one in the file.</summary>
    public string? DefaultAgent { get; init; }
    public IReadOnlyDictionary<string, AgentConfig> Agents { get; init; } = new Dictionary<string, AgentConfig>();
    public IReadOnlyList<ProjectConfig> Projects { get; init; } = [];
    public IReadOnlyDictionary<string, PipelineConfig> Pipelines { get; init; } = new Dictionary<string, PipelineConfig>();
    public PolicyConfig Policy { get; init; } = new();
    /// <summary>Null when Baton runs without chat.</summary>
    public MatrixConfig? Matrix { get; init; }
    public ServerConfig Server { get; init; } = new();
    /// <summary>Null when finished runs are not delivered anywhere.</summary>
    public SyncConfig? Sync { get; init; }
    /// <summary>Per-task spending limit (projects may set their own).</summary>
    public BudgetConfig? Budget { get; init; }
    /// <summary>How long finished runs' store events and run directories are kept.</summary>
    public RetentionConfig Retention { get; init; } = new();

    public RecoveryConfig Recovery { get; init; } = new();
}
