using Baton.Core.Config;

namespace Baton.Agents.Tests.Support;

/// <summary>Agent configs for the real CLIs pointed at the scripted model server, as a user would write them.</summary>
public static class RealCliAgents
{
    /// <summary>Codex appends <c>/responses</c> to a base URL used as given, so the user writes the <c>/v1</c>.</summary>
    public static AgentConfig Codex(Uri server, string? model = "scripted-model") => new()
    {
        Name = "codex",
        Kind = AgentKind.Codex,
        Model = model,
        BaseUrl = server.ToString().TrimEnd('/') + "/v1",
    };

    /// <summary>Claude appends <c>/v1/messages</c> itself; retries off so a scripted error fails at once.</summary>
    public static AgentConfig Claude(Uri server) => new()
    {
        Name = "claude",
        Kind = AgentKind.Claude,
        Model = "claude-sonnet-4-5",
        BaseUrl = server.ToString().TrimEnd('/'),
        Env = new Dictionary<string, string> { ["CLAUDE_CODE_MAX_RETRIES"] = "0" },
    };
}
