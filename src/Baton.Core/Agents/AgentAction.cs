namespace Baton.Core.Agents;

/// <summary>What an agent asks to do before it does it.</summary>
public enum AgentActionKind
{
    /// <summary>Run a shell command (<see cref="AgentAction.What"/> is the command line).</summary>
    Command,
    /// <summary>Write, edit or delete a file (<see cref="AgentAction.What"/> is its path as the agent gave it).</summary>
    FileChange,
    /// <summary>Any other tool (<see cref="AgentAction.What"/> is the tool's name).</summary>
    Tool,
}

/// <summary>An action an agent CLI put to Baton before running it (Claude's <c>can_use_tool</c>, Codex's approval requests).</summary>
public sealed record AgentAction(AgentActionKind Kind, string What, string? Id = null);

/// <summary>Baton's answer: go ahead, or do not — with the reason the agent is told.</summary>
public sealed record ActionDecision(bool Allowed, string? Reason)
{
    public static readonly ActionDecision Allow = new(true, null);

    public static ActionDecision Decline(string reason) => new(false, reason);
}
