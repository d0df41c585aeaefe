namespace Baton.Core.Config;

/// <summary>Checks <c>sync:</c>: a token variable's name (never the token), positive delays.</summary>
internal static class SyncRules
{
    public static void Validate(SyncConfig? sync, List<ConfigError> errors)
    {
        if (sync is null)
        {
            return;
        }

        if (sync.TokenEnv is { } env && !ConfigNames.IsEnvName(env))
        {
            errors.Add(new("sync.token_env", "expected the name of an environment variable (e.g. `BATON_SYNC_TOKEN`), never the token itself."));
        }

        foreach (var (key, value) in new[] { ("retry_delay", sync.RetryDelay), ("max_delay", sync.MaxDelay), ("timeout", sync.Timeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add(new($"sync.{key}", "must be longer than 0, e.g. `5s`."));
            }
        }
    }
}
