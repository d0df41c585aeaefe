using Baton.Core.Agents;

namespace Baton.Agents.Cli;

/// <summary>Wire names of failure kinds (snake_case), as they appear in events.</summary>
public static class Names
{
    public static string Of(AgentFailureKind kind) => kind switch
    {
        AgentFailureKind.None => "none",
        AgentFailureKind.UntrustedDirectory => "untrusted_directory",
        AgentFailureKind.PathOutsideWorkspace => "path_outside_workspace",
        AgentFailureKind.AuthFailed => "auth_failed",
        AgentFailureKind.RateLimited => "rate_limited",
        AgentFailureKind.StaleSession => "stale_session",
        AgentFailureKind.CliMissing => "cli_missing",
        AgentFailureKind.TimedOut => "timed_out",
        AgentFailureKind.Stopped => "stopped",
        _ => "unknown",
    };
}
