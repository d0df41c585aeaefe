namespace Baton.Core.Config;

/// <summary>
/// <c>server:</c> — where <c>baton serve</c> listens for the HTTP API and dashboard, and who may use them. Secrets are
/// never here: only the names of the environment variables that hold the tokens.
/// </summary>
public sealed record ServerConfig
{
    public const int DefaultPort = 8080;

    /// <summary>The address to bind (an IP address, or <c>localhost</c>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The first port to try; when it is taken the next free one is used. 0: any free port.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Variable holding the one token that unlocks the API (its holder is called <c>token</c>).</summary>
    public string? TokenEnv { get; init; }

    /// <summary>Named tokens: a person's (or a script's) name → the variable holding their token. The name is who asks.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; init; } = new Dictionary<string, string>();

    /// <summary>False turns the HTTP server off (<c>baton serve</c> then works the queue and chat only).</summary>
    public bool Enabled { get; init; } = true;

    public bool HasTokens => TokenEnv is not null || Tokens.Count > 0;

    /// <summary>Whether <see cref="Host"/> is reachable only from this machine.</summary>
    public bool IsLoopback =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(Host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
