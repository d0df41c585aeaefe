using Baton.Core.Text;

namespace Baton.Core.Config;

/// <summary>
/// Checks a loaded configuration as a whole (references, cycles, ranges) and lists every problem at once,
/// each with the key path the loader uses (<c>pipelines.default.stages[1].agent</c>).
/// </summary>
public static class ConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(BatonConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<ConfigError>();
        ValidateTop(config, errors);
        ValidateAgents(config, errors);
        ValidateProjects(config, errors);
        PipelineRules.Validate(config, errors);
        PipelineCycles.Validate(config, errors);
        ValidatePolicy(config.Policy, errors);
        return errors;
    }

    private static void ValidateTop(BatonConfig config, List<ConfigError> errors)
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

        if (config.MaxConcurrentRuns is < 1 or > 256)
        {
            errors.Add(new("max_concurrent_runs", $"{config.MaxConcurrentRuns} is out of range: use a whole number from 1 to 256."));
        }
    }

    private static bool IsStore(string? store) =>
        store == "sqlite"
        || (store is not null
            && (store.StartsWith("postgres://", StringComparison.Ordinal) || store.StartsWith("postgresql://", StringComparison.Ordinal))
            && Uri.TryCreate(store, UriKind.Absolute, out var uri)
            && uri.Host.Length > 0);

    private static void ValidateAgents(BatonConfig config, List<ConfigError> errors)
    {
        foreach (var (name, agent) in config.Agents)
        {
            var path = $"agents.{name}";
            if (!ConfigNames.IsName(name))
            {
                errors.Add(new(path, $"`{name}` is not a valid agent name: use letters, digits, `-`, `_` and `.`."));
            }

            if (agent.Kind == AgentKind.Command && string.IsNullOrWhiteSpace(agent.Command))
            {
                errors.Add(new($"{path}.command", "a `command` agent needs `command`: the shell command to run, e.g. `my-agent --prompt-file {prompt_file}`."));
            }

            ValidateAgentEndpoint(agent, path, errors);
            if (agent.ApiKeyEnv is { } env && !IsEnvName(env))
            {
                // Not echoed: people paste the key itself here.
                errors.Add(new($"{path}.api_key_env", "expected the name of an environment variable (letters, digits and `_`, e.g. `OPENAI_API_KEY`), not the key itself."));
            }

            foreach (var key in agent.Env.Keys.Where(k => !IsEnvName(k)))
            {
                errors.Add(new($"{path}.env.{key}", "not a valid environment variable name: use letters, digits and `_`, not starting with a digit."));
            }

            if (agent.Timeout is { } timeout && timeout <= TimeSpan.Zero)
            {
                errors.Add(new($"{path}.timeout", "must be longer than zero, e.g. `30m`."));
            }

            for (var i = 0; i < agent.Fallback.Count; i++)
            {
                var other = agent.Fallback[i];
                if (other == name || !config.Agents.ContainsKey(other))
                {
                    errors.Add(new($"{path}.fallback[{i}]", other == name
                        ? "an agent cannot fall back to itself."
                        : $"unknown agent `{other}`; configured agents: {string.Join(", ", config.Agents.Keys)}."));
                }
            }
        }

        if (config.DefaultAgent is { } defaultAgent && !config.Agents.ContainsKey(defaultAgent))
        {
            errors.Add(new("agents", $"the default agent `{defaultAgent}` is not configured."));
        }
    }

    private static void ValidateAgentEndpoint(AgentConfig agent, string path, List<ConfigError> errors)
    {
        var websocket = agent.Kind == AgentKind.Websocket;
        if (agent.BaseUrl is null)
        {
            if (websocket)
            {
                errors.Add(new($"{path}.base_url", "a `websocket` agent needs `base_url`: its ws:// or wss:// address."));
            }

            return;
        }

        string[] schemes = websocket ? ["ws", "wss"] : ["http", "https"];
        if (!Uri.TryCreate(agent.BaseUrl, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            var example = websocket ? "ws://127.0.0.1:8765/agent_ws/" : "http://127.0.0.1:8000/v1";
            errors.Add(new($"{path}.base_url", $"expected an absolute {string.Join(" or ", schemes)} URL, e.g. `{example}`."));
        }
    }

    private static bool IsEnvName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static void ValidateProjects(BatonConfig config, List<ConfigError> errors)
    {
        if (config.Projects.Count == 0)
        {
            errors.Add(new("projects", "no project configured: add one, e.g. `projects: [{ key: app, repo: . }]`."));
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < config.Projects.Count; i++)
        {
            var project = config.Projects[i];
            var path = $"projects[{i}]";
            if (string.IsNullOrEmpty(project.Key))
            {
                errors.Add(new($"{path}.key", "a project needs `key`: a short name of lowercase letters, digits, `-` and `_`."));
            }
            else if (!ConfigNames.IsProjectKey(project.Key))
            {
                errors.Add(new($"{path}.key", $"`{project.Key}` is not a valid project key: use lowercase letters, digits, `-` and `_`, e.g. `{ConfigNames.ToProjectKey(project.Key)}`."));
            }
            else if (!seen.TryAdd(project.Key, i))
            {
                errors.Add(new($"{path}.key", $"duplicate project key `{project.Key}` (also projects[{seen[project.Key]}]): keys must be unique."));
            }

            if (string.IsNullOrWhiteSpace(project.Repo))
            {
                errors.Add(new($"{path}.repo", "a project needs `repo`: a path (e.g. `.`) or a clone URL."));
            }

            if (project.DefaultBranch is { } branch && string.IsNullOrWhiteSpace(branch))
            {
                errors.Add(new($"{path}.default_branch", "must not be empty: a branch name such as `main`, or leave it out to detect it."));
            }

            if (!config.Pipelines.ContainsKey(project.Pipeline))
            {
                errors.Add(new($"{path}.pipeline", UnknownName("pipeline", project.Pipeline, config.Pipelines.Keys)));
            }

            ValidateWorkspace(project.Workspace, $"{path}.workspace", errors);
            if (project.Bootstrap is { } bootstrap)
            {
                ValidateBootstrap(bootstrap, $"{path}.bootstrap", errors);
            }
        }
    }

    private static void ValidateWorkspace(WorkspaceConfig workspace, string path, List<ConfigError> errors)
    {
        if (workspace.Root is { } root && string.IsNullOrWhiteSpace(root))
        {
            errors.Add(new($"{path}.root", "must not be empty: a directory, or leave it out for `<state_dir>/workspaces`."));
        }

        if (workspace.Retention < TimeSpan.Zero)
        {
            errors.Add(new($"{path}.retention", "must not be negative, e.g. `7d`."));
        }

        if (workspace.Spares is < 0 or > 16)
        {
            errors.Add(new($"{path}.spares", $"{workspace.Spares} is out of range: use a whole number from 0 (off) to 16."));
        }
    }

    private static void ValidateBootstrap(BootstrapConfig bootstrap, string path, List<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(bootstrap.Script))
        {
            errors.Add(new($"{path}.script", "a bootstrap needs `script`: a path relative to the repository, e.g. `scripts/bootstrap.sh`."));
        }

        if (bootstrap.Timeout <= TimeSpan.Zero)
        {
            errors.Add(new($"{path}.timeout", "must be longer than zero, e.g. `30m`."));
        }

        if (bootstrap.Retries < 0)
        {
            errors.Add(new($"{path}.retries", $"{bootstrap.Retries} is out of range: use 0 or more."));
        }
    }

    private static void ValidatePolicy(PolicyConfig policy, List<ConfigError> errors)
    {
        for (var i = 0; i < policy.BlockedCommands.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(policy.BlockedCommands[i]))
            {
                errors.Add(new($"policy.blocked_commands[{i}]", "must not be empty: a command pattern such as `rm -rf /`."));
            }
        }

        if (policy.RunTimeout <= TimeSpan.Zero)
        {
            errors.Add(new("policy.limits.run_timeout", "must be longer than zero, e.g. `60m`."));
        }

        if (policy.MemoryMb <= 0)
        {
            errors.Add(new("policy.limits.memory_mb", $"{policy.MemoryMb} is out of range: use a number of megabytes above zero, e.g. `4096`."));
        }
    }

    /// <summary>"unknown pipeline `x`. Did you mean `y`? Defined pipelines: a, b."</summary>
    internal static string UnknownName(string what, string name, IEnumerable<string> known)
    {
        var names = known.ToList();
        var list = names.Count == 0 ? $" No {what}s are defined." : $" Defined {what}s: {string.Join(", ", names)}.";
        return $"unknown {what} `{name}`.{Suggestions.DidYouMean(name, names)}{list}";
    }
}
