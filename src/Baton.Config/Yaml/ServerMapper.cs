using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>server:</c>: where <c>baton serve</c> listens (<c>listen: "host:port"</c>) and the tokens it accepts.</summary>
internal static class ServerMapper
{
    private const string Example = "{ listen: \"127.0.0.1:8080\", token_env: BATON_TOKEN }";

    private static readonly string[] Keys = ["listen", "token_env", "tokens", "enabled"];

    public static ServerConfig Map(YamlReader reader, YamlNode node)
    {
        var config = new ServerConfig();
        if (reader.Mapping(node, "server", Example, Keys) is not { } fields)
        {
            return config;
        }

        if (fields.String("listen") is { } listen)
        {
            if (ListenAddress.TryParse(listen, out var host, out var port))
            {
                config = config with { Host = host, Port = port };
            }
            else
            {
                reader.Error("server.listen", $"`{listen}` is not host:port; write e.g. \"127.0.0.1:8080\" (this machine only) or \"0.0.0.0:8080\" (every interface, needs a token).");
            }
        }

        return config with
        {
            TokenEnv = fields.String("token_env"),
            Tokens = fields.StringMap("tokens", "{ alice: BATON_TOKEN_ALICE }") ?? config.Tokens,
            Enabled = fields.Bool("enabled") ?? config.Enabled,
        };
    }
}
