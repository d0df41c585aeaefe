namespace Baton.Core.Config;

public enum AgentKind
{
    Command,
    Codex,
    Claude,
    Gemini,
    Opencode,
    Websocket,
}
