using Baton.Agents.Gemini;
using Baton.Core.Config;
using Baton.ModelServer;

namespace Baton.Agents.Tests.Gemini;

/// <summary>How the real-CLI tests configure Gemini against the scripted model server.</summary>
public static class GeminiRealCli
{
    /// <summary>The conformance suite builds turns without an API key; the key then comes from the agent's env.</summary>
    public const string Key = "fake-gemini-key";

    public static AgentConfig Agent(ScriptedModelServer server) => new()
    {
        Name = "gemini",
        Kind = AgentKind.Gemini,
        Command = AgentClis.Path("gemini"),
        // A fixed model: without one Gemini first asks a router model which model to use.
        Model = "gemini-2.5-flash",
        BaseUrl = server.BaseUrl.ToString(),
        Env = new Dictionary<string, string> { ["GEMINI_API_KEY"] = Key, [GeminiSettings.MaxAttemptsVariable] = "1" },
    };
}
