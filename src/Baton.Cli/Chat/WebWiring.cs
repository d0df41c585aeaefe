using System.Reflection;
using Baton.Cli.Hosting;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Web;

namespace Baton.Cli.Chat;

/// <summary>Builds the HTTP side of <c>baton serve</c> from <c>server:</c>: the tokens read from the environment, the surface, the server.</summary>
public static class WebWiring
{
    /// <summary>The tokens <c>server:</c> names, read from the environment; a named variable that is not set is refused.</summary>
    public static IReadOnlyList<ApiToken> Tokens(ServerConfig server)
    {
        var named = new List<(string Name, string Variable, string Key)>();
        if (server.TokenEnv is { } env)
        {
            named.Add(("token", env, "server.token_env"));
        }

        named.AddRange(server.Tokens.Select(t => (t.Key, t.Value, $"server.tokens.{t.Key}")));
        var tokens = new List<ApiToken>();
        foreach (var (name, variable, key) in named)
        {
            var secret = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(secret))
            {
                throw new UserErrorException($"{key}: the environment variable {variable} is not set; export the token in it (at least 16 characters), or remove the key");
            }

            if (secret.Length < 16)
            {
                throw new UserErrorException($"{key}: the token in {variable} is shorter than 16 characters; use a long random one (e.g. `openssl rand -hex 24`)");
            }

            tokens.Add(new ApiToken(name, new AgentSecret(secret)));
        }

        return tokens;
    }

    public static Task<WebServer> StartAsync(BatonApp app, ServerConfig server, CancellationToken ct) =>
        WebServer.StartAsync(Surface(app, server, Tokens(server)), ct);

    public static WebSurface Surface(BatonApp app, ServerConfig server, IReadOnlyList<ApiToken> tokens) => new()
    {
        Desk = app.Desk,
        Store = app.Store,
        Feed = app.Feed,
        Server = server,
        Tokens = tokens,
        Time = app.Services.Time,
        Logs = app.Services.Logs,
        Version = Versions.Current,
    };
}
