namespace Baton.Core.Config;

/// <summary>
/// The environment variables the configuration names as holding secrets: agents' <c>api_key_env</c>, the Matrix token or
/// password, the API tokens, the sync token. Their values are never passed to children and are redacted wherever a
/// child's output is kept (logs, events, chat, the dashboard).
/// </summary>
public static class SecretNames
{
    public static IReadOnlyList<string> Of(BatonConfig config)
    {
        var names = new List<string?>();
        names.AddRange(config.Agents.Values.Select(a => a.ApiKeyEnv));
        names.Add(config.Matrix?.AccessTokenEnv);
        names.Add(config.Matrix?.PasswordEnv);
        names.Add(config.Server.TokenEnv);
        names.AddRange(config.Server.Tokens.Values);
        names.Add(config.Sync?.TokenEnv);
        return [.. names.OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
