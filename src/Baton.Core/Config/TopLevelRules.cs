using Baton.Core.Text;

namespace Baton.Core.Config;

/// <summary>Validation of the top-level keys: <c>version</c>, <c>state_dir</c>, <c>store</c>, <c>max_concurrent_runs</c>.</summary>
internal static class TopLevelRules
{
    public static void Validate(BatonConfig config, List<ConfigError> errors)
    {
        if (config.Version != 1)
        {
            errors.Add(new("version", $"unsupported version {config.Version}: this Baton reads `version: 1`."));
        }

        if (string.IsNullOrWhiteSpace(config.StateDir))
        {
            errors.Add(new("state_dir", "must not be empty: a directory for the store and run files, e.g. `.baton`."));
        }

        if (!IsStore(config.Store))
        {
            // The value is not echoed: a PostgreSQL URL may carry a password.
            errors.Add(new("store", "expected `sqlite` or a PostgreSQL URL such as `postgres://user:pass@host:5432/db`."));
        }

        if (config.StorePasswordEnv is { } env && !IsVariableName(env))
        {
            errors.Add(new("store_password_env", $"'{env}' is not an environment variable name: use letters, digits and _, e.g. `BATON_PG_PASSWORD`."));
        }
        else if (config.StorePasswordEnv is not null && config.Store == "sqlite")
        {
            errors.Add(new("store_password_env", "only a PostgreSQL `store:` has a password; remove the key, or set `store: postgres://user@host:5432/db`."));
        }

        if (config.Lease < TimeSpan.FromSeconds(2) || config.Lease > TimeSpan.FromMinutes(10))
        {
            errors.Add(new("lease", $"{config.Lease.TotalSeconds:0.###} s is out of range: use 2s to 10m (a node renews its lease every second)."));
        }

        if (config.Retention is { Events: { } events, RunFiles: { } files } && files < events)
        {
            errors.Add(new("retention.run_files", $"{Durations.Format(files)} is shorter than retention.events ({Durations.Format(events)}): a run's history would be gone from both; keep run files at least as long as events."));
        }

        if (config.Retention.Events < TimeSpan.Zero || config.Retention.RunFiles < TimeSpan.Zero
            || config.Retention.MergedBranches < TimeSpan.Zero || config.Retention.AbandonedBranches < TimeSpan.Zero)
        {
            errors.Add(new("retention", "durations must not be negative, e.g. `events: 30d`, `run_files: 90d` (or `never`)."));
        }

        if (config.MaxConcurrentRuns is < 1 or > 2000)
        {
            errors.Add(new("max_concurrent_runs", $"{config.MaxConcurrentRuns} is out of range: use a whole number from 1 to 2000."));
        }
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsStore(string? store) =>
        store == "sqlite"
        || (store is not null
            && (store.StartsWith("postgres://", StringComparison.Ordinal) || store.StartsWith("postgresql://", StringComparison.Ordinal))
            && Uri.TryCreate(store, UriKind.Absolute, out var uri)
            && uri.Host.Length > 0);
}
