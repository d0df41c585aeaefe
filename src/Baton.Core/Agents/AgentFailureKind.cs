namespace Baton.Core.Agents;

/// <summary>
/// What kind of failure ended an agent turn, read from the CLI's own error text and exit code. The engine maps
/// each known kind to a recovery action (relaunch with corrected flags, back off and retry, fresh session,
/// fall back to another agent, or escalate to a person).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<AgentFailureKind>))]
public enum AgentFailureKind
{
    /// <summary>The turn succeeded.</summary>
    None,
    /// <summary>A failure with no known signature.</summary>
    Unknown,
    /// <summary>The CLI refused to work in a folder it does not trust (Gemini exit 55, Codex's git-repo check).</summary>
    UntrustedDirectory,
    /// <summary>The agent tried to reach a path outside its workspace.</summary>
    PathOutsideWorkspace,
    /// <summary>The endpoint refused the credentials (401/403, invalid API key).</summary>
    AuthFailed,
    /// <summary>Rate limited (429) or the model is overloaded (503/529): back off and retry.</summary>
    RateLimited,
    /// <summary>The session to resume is gone or cannot be resumed.</summary>
    StaleSession,
    /// <summary>The agent's CLI is not installed.</summary>
    CliMissing,
    TimedOut,
    Stopped,
    /// <summary>A project classifier (<c>recovery.classify</c>) called it transient: back off and try again.</summary>
    Transient,
    /// <summary>A project classifier called it hard: trying again will not help.</summary>
    Hard,
    /// <summary>A project classifier said a person must judge it.</summary>
    NeedsPerson,
}
