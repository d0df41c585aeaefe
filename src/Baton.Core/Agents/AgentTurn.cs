using Baton.Core.Config;
using Baton.Core.Processes;

namespace Baton.Core.Agents;

/// <summary>One turn of one agent in one role, in a prepared workspace.</summary>
public sealed record AgentTurn
{
    public required AgentConfig Agent { get; init; }
    public required AgentRole Role { get; init; }
    public required string Prompt { get; init; }
    /// <summary>The prompt written to a file outside the workspace.</summary>
    public required string PromptFile { get; init; }
    public required string Workspace { get; init; }
    public required string TaskId { get; init; }
    public required string RunId { get; init; }
    public required string Stage { get; init; }
    public int Attempt { get; init; } = 1;
    /// <summary>The session to continue, when the task already has one with this agent.</summary>
    public string? SessionId { get; init; }
    public TimeSpan? Timeout { get; init; }
    /// <summary>The base environment for the child (explicit; no Baton secrets). Adapters add their own variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>Directory under the state dir the adapter may use as the CLI's isolated home/config.</summary>
    public string? HomeDirectory { get; init; }
    /// <summary>The API key from the variable named by <see cref="AgentConfig.ApiKeyEnv"/>; adapters hand it to the CLI in the variable it reads.</summary>
    public AgentSecret? ApiKey { get; init; }
    /// <summary>The session's running usage before this turn (for CLIs that report cumulative usage).</summary>
    public AgentUsage? SessionUsage { get; init; }
    /// <summary>The command policy's patterns, for an adapter whose CLI refuses commands by its own rules.</summary>
    public CommandRules Commands { get; init; } = CommandRules.None;
    /// <summary>Set when relaunching after a failure with a known signature, so the adapter can correct its flags.</summary>
    public AgentFailureKind RecoveringFrom { get; init; }
}
