using Baton.Core.Config;
using Baton.ModelServer;

namespace Baton.Agents.Tests.Opencode;

/// <summary>How the real-CLI tests configure opencode against the scripted model server (Chat Completions under /v1).</summary>
public static class OpencodeRealCli
{
    public static AgentConfig Agent(ScriptedModelServer server) => new()
    {
        Name = "opencode",
        Kind = AgentKind.Opencode,
        Command = AgentClis.Path("opencode"),
        Model = "fake-model",
        BaseUrl = server.BaseUrl.ToString().TrimEnd('/') + "/v1",
    };
}
