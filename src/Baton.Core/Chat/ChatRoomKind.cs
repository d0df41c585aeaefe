namespace Baton.Core.Chat;

/// <summary>What a chat room Baton manages is for.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<ChatRoomKind>))]
public enum ChatRoomKind
{
    /// <summary>The top space (<c>matrix.workspace</c>).</summary>
    Workspace,
    /// <summary>One space per project, under the workspace.</summary>
    Project,
    /// <summary>A project's lobby: plain messages become tasks.</summary>
    Lobby,
    /// <summary>One room per task: progress, commands, the agent session.</summary>
    Task,
    /// <summary><c>matrix.control_room</c>: <c>!task {json}</c> and task events.</summary>
    Control,
}
