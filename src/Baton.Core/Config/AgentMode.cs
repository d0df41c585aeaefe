namespace Baton.Core.Config;

/// <summary>How Baton drives an agent CLI that can ask before it acts.</summary>
public enum AgentMode
{
    /// <summary>
    /// Over the CLI's own protocol on stdin (Claude's stream-json control), so each command and file change the CLI
    /// would ask a person about is decided by the policy before it runs. The default where the CLI has one.
    /// </summary>
    Ask,
    /// <summary>One-shot (<c>claude -p</c>, <c>codex exec</c>): allowed up front; commands are checked after the fact.</summary>
    Exec,
}
