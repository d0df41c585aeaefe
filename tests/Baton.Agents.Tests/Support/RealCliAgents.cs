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

    /// <summary>
    /// Gemini appends <c>/v1beta/models/…</c> itself. A fixed model (without one Gemini first asks a router model which
    /// to use) and one attempt per model call, so a scripted error fails at once.
    /// </summary>
    public static AgentConfig Gemini(Uri server, string key = "fake-gemini-key") => new()
    {
        Name = "gemini",
        Kind = AgentKind.Gemini,
        Model = "gemini-2.5-flash",
        BaseUrl = server.ToString().TrimEnd('/'),
        // The conformance suite's turns carry no API key; this one reaches Gemini through the agent's env.
        Env = new Dictionary<string, string> { ["GEMINI_API_KEY"] = key, ["BATON_GEMINI_MAX_ATTEMPTS"] = "1" },
    };

    /// <summary>opencode's OpenAI-compatible provider appends <c>/chat/completions</c>, so the user writes the <c>/v1</c>.</summary>
    public static AgentConfig Opencode(Uri server) => new()
    {
        Name = "opencode",
        Kind = AgentKind.Opencode,
        Model = "fake-model",
        BaseUrl = server.ToString().TrimEnd('/') + "/v1",
    };
}
