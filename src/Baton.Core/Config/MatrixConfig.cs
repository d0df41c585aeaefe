namespace Baton.Core.Config;

/// <summary>
/// <c>matrix:</c> — the bot account, who it obeys, and the room hierarchy it keeps (workspace space → project
/// spaces → lobbies). Secrets are never here: only the names of the environment variables that hold them.
/// </summary>
public sealed record MatrixConfig
{
    public required Uri Homeserver { get; init; }
    public required string UserId { get; init; }
    /// <summary>Variable holding an access token; either this or <see cref="PasswordEnv"/>.</summary>
    public string? AccessTokenEnv { get; init; }
    /// <summary>Variable holding the bot's password (login with a fixed device id).</summary>
    public string? PasswordEnv { get; init; }
    /// <summary>Fixed so the server keeps deduplicating our transaction ids across logins.</summary>
    public string DeviceId { get; init; } = "BATON";
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public MatrixWorkspaceConfig Workspace { get; init; } = new();
    /// <summary>Room alias or id where <c>!task {json}</c> is accepted and task events are published.</summary>
    public string? ControlRoom { get; init; }
    /// <summary>Least time between two edits of a task room's status message.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>How long one <c>/sync</c> long-poll waits for news.</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The server part of <see cref="UserId"/> (<c>@bot:example.com</c> → <c>example.com</c>).</summary>
    public string ServerName => UserId[(UserId.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
