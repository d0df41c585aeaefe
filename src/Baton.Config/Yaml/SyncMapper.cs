using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>sync:</c>: the receiver's URL, the variable holding its token, the retry back-off.</summary>
internal static class SyncMapper
{
    private const string Example = "{ url: https://sync.example.com/runs, token_env: BATON_SYNC_TOKEN }";

    private static readonly string[] Keys = ["url", "token_env", "retry_delay", "max_delay", "timeout"];

    public static SyncConfig? Map(YamlReader reader, YamlNode node)
    {
        if (reader.Mapping(node, "sync", Example, Keys) is not { } fields)
        {
            return null;
        }

        var text = fields.String("url");
        if (text is null)
        {
            reader.Error("sync.url", "missing: where finished runs are delivered, e.g. https://sync.example.com/runs.");
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            reader.Error("sync.url", $"`{text}` is not an http(s) URL; write e.g. https://sync.example.com/runs.");
            return null;
        }

        var config = new SyncConfig { Url = url };
        return config with
        {
            TokenEnv = fields.String("token_env"),
            RetryDelay = fields.Duration("retry_delay") ?? config.RetryDelay,
            MaxDelay = fields.Duration("max_delay") ?? config.MaxDelay,
            Timeout = fields.Duration("timeout") ?? config.Timeout,
        };
    }
}
