using System.Net;

namespace Baton.Core.Config;

/// <summary>Checks <c>server:</c>: an address Baton can bind, token variables named (never the tokens), a token off loopback.</summary>
internal static class ServerRules
{
    public static void Validate(ServerConfig server, List<ConfigError> errors)
    {
        if (!server.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(server.Host, out _))
        {
            errors.Add(new("server.listen", $"`{server.Host}` is not an IP address; bind 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one interface's address."));
        }

        if (server.TokenEnv is { } env && !ConfigNames.IsEnvName(env))
        {
            // The value is not repeated: it may be the token itself.
            errors.Add(new("server.token_env", "expected the name of an environment variable (e.g. `BATON_TOKEN`), never the token itself."));
        }

        foreach (var (name, variable) in server.Tokens)
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@'))
            {
                errors.Add(new($"server.tokens.{name}", "a token's name is who is asking (letters, digits, `_ - . @`), e.g. `alice`."));
            }

            if (!ConfigNames.IsEnvName(variable))
            {
                errors.Add(new($"server.tokens.{name}", "expected the name of an environment variable (e.g. `BATON_TOKEN_ALICE`), never the token itself."));
            }
        }

        if (server.Enabled && !server.IsLoopback && !server.HasTokens)
        {
            errors.Add(new("server.listen", $"`{server.Host}` is reachable from other machines, so the API needs a token: set `token_env: BATON_TOKEN` (or named `tokens:`) and export the token, or listen on 127.0.0.1."));
        }
    }
}
