using System.Text.Json.Nodes;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;

namespace Baton.Agents.Tests.WebSocket;

/// <summary>Turns for a <c>websocket</c> agent named <c>socket</c>, and reading what a turn reported.</summary>
internal static class SocketTurns
{
    public static AgentTurn For(string baseUrl, string taskId, string prompt, string? sessionId = null, TimeSpan? timeout = null, string? apiKey = null) => new()
    {
        Agent = new AgentConfig { Name = "socket", Kind = AgentKind.Websocket, BaseUrl = baseUrl, ApiKeyEnv = apiKey is null ? null : "SOCKET_KEY" },
        Role = AgentRole.Builder,
        Prompt = prompt,
        PromptFile = "/nonexistent/prompt.md",
        Workspace = Path.GetTempPath(),
        TaskId = taskId,
        RunId = "run-1",
        Stage = "build",
        SessionId = sessionId,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        ApiKey = apiKey is null ? null : new AgentSecret(apiKey),
    };

    public static List<JsonObject> Of(this RecordingSink sink, EventType type) =>
        [.. sink.Events.Where(e => e.Type == type).Select(e => e.Data)];

    public static string Text(this JsonObject data, string name) => data[name]!.GetValue<string>();
}
