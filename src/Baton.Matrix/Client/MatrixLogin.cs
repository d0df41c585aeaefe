using Baton.Core.Agents;

namespace Baton.Matrix.Client;

/// <summary>How the bot gets an access token: one given (from the environment), or a password login with a fixed device.</summary>
public sealed record MatrixLogin
{
    public required string UserId { get; init; }
    public required string DeviceId { get; init; }
    public AgentSecret? AccessToken { get; init; }
    public AgentSecret? Password { get; init; }

    /// <summary>The localpart of the user id (<c>@bot:hs</c> → <c>bot</c>), which password login names.</summary>
    public string Localpart => UserId[1..UserId.IndexOf(':', StringComparison.Ordinal)];
}
