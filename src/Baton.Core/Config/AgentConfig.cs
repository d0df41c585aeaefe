namespace Baton.Core.Config;

public sealed record AgentConfig
{
    public required string Name { get; init; }
    public AgentKind Kind { get; init; }
    public string? Model { get; init; }
    /// <summary>For <see cref="AgentKind.Command"/>: a shell command; <c>{prompt_file}</c>, <c>{workspace}</c>, <c>{task_id}</c> are substituted.</summary>
    public string? Command { get; init; }
    public string? Sandbox { get; init; }
    public string? BaseUrl { get; init; }
    /// <summary>Name of the environment variable holding the API key; the key itself is never in the file.</summary>
    public string? ApiKeyEnv { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public TimeSpan? Timeout { get; init; }
    /// <summary>Agents to use instead, in order, when this one's CLI is missing or it fails in a way another agent may not (auth, outage).</summary>
    public IReadOnlyList<string> Fallback { get; init; } = [];
    /// <summary>What its tokens cost when the CLI reports no cost; null: only a token budget applies to it.</summary>
    public AgentPrice? Price { get; init; }
    /// <summary>Null: the kind's default (<see cref="AgentMode.Ask"/> where the CLI can ask first, else exec).</summary>
    public AgentMode? Mode { get; init; }

    /// <summary>Kinds whose CLI puts each command to Baton before running it, when driven in <see cref="AgentMode.Ask"/>.</summary>
    public static bool CanAsk(AgentKind kind) => kind is AgentKind.Claude or AgentKind.Codex;

    /// <summary>
    /// Kinds whose CLI has rules of its own that refuse a command before it runs, into which the adapter writes the
    /// command policy (Gemini's policy engine, opencode's permissions); they cannot ask a person.
    /// </summary>
    public static bool KeepsCommandRules(AgentKind kind) => kind is AgentKind.Gemini or AgentKind.Opencode;

    /// <summary>
    /// Does this agent put its commands and file changes to Baton before running them? Not under a <c>read-only</c>
    /// sandbox (nothing may run or change) or <c>danger-full-access</c> (nothing is asked).
    /// </summary>
    public bool AsksFirst => CanAsk(Kind) && Mode != AgentMode.Exec && Sandbox is not ("read-only" or "danger-full-access");

    /// <summary>Does this agent's CLI refuse what the command policy forbids by its own rules, without asking Baton?</summary>
    public bool RefusesItself => !AsksFirst && KeepsCommandRules(Kind);
}
