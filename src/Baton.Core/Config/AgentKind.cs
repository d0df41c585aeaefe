namespace Baton.Core.Config;

[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<AgentKind>))]
public enum AgentKind
{
    Command,
    Codex,
    Claude,
    Gemini,
    Opencode,
    Websocket,
}
