using Baton.Core.Agents;
using Baton.Core.Events.Data;

namespace Baton.Agents.Cli;

/// <summary>How the CLI's own final record judged the turn.</summary>
public enum StreamVerdict
{
    /// <summary>No final record seen (yet): the exit code decides, and a missing final record is a failure.</summary>
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// Turns one CLI's stdout, line by line, into Baton events (typed data; docs/agents.md lists each type's fields). Never throws: a line it cannot read (malformed, truncated,
/// enormous, an unknown type) becomes <c>agent.raw</c> with the line kept whole. One parser per turn.
/// </summary>
public interface IAgentStreamParser
{
    /// <summary>Parses one stdout line, adding zero or more events.</summary>
    void Parse(string line, List<EventData> events);

    /// <summary>Called once after the process ended: flushes anything held back (streamed text deltas, a pending usage).</summary>
    void Complete(List<EventData> events);

    string? SessionId { get; }

    string? FinalMessage { get; }

    StreamVerdict Verdict { get; }

    /// <summary>The error the CLI reported, when it did.</summary>
    string? Error { get; }

    /// <summary>Usage as the CLI reported it (cumulative per session for Codex; per turn for the others).</summary>
    AgentUsage? Usage { get; }
}
