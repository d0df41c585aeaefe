using Baton.Core.Text;

namespace Baton.Core.Config;

/// <summary>Validation of <c>agents:</c>: names, kinds, commands, endpoints and secrets by variable name.</summary>
internal static class AgentRules
{
    public static void Validate(BatonConfig config, List<ConfigError> errors)
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

            ValidateIgnoredKeys(agent, path, errors);
            ValidateAgentEndpoint(agent, path, errors);
            if (agent.ApiKeyEnv is { } env && !ConfigNames.IsEnvName(env))
            {
                // Not echoed: people paste the key itself here.
                errors.Add(new($"{path}.api_key_env", "expected the name of an environment variable (letters, digits and `_`, e.g. `OPENAI_API_KEY`), not the key itself."));
            }

            foreach (var key in agent.Env.Keys.Where(k => !ConfigNames.IsEnvName(k)))
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

    /// <summary>Keys a kind would silently ignore are refused: a setting that does nothing is worse than an error.</summary>
    private static void ValidateIgnoredKeys(AgentConfig agent, string path, List<ConfigError> errors)
    {
        var kind = agent.Kind.ToString().ToLowerInvariant();
        if (agent.Sandbox is not null && agent.Kind is not (AgentKind.Codex or AgentKind.Claude))
        {
            errors.Add(new($"{path}.sandbox", $"a `{kind}` agent has no sandbox setting (only codex and claude do); remove the key" +
                (agent.Kind == AgentKind.Command ? ", and confine the command yourself if it needs it." : ".")));
        }

        if (agent.Mode == AgentMode.Ask && !AgentConfig.CanAsk(agent.Kind))
        {
            errors.Add(new($"{path}.mode", $"a `{kind}` agent cannot ask before it acts (only claude, over its stream-json control protocol, and codex, over `codex app-server`, can); " +
                (AgentConfig.KeepsCommandRules(agent.Kind) ? "its own rules refuse what the command policy forbids, and its commands are checked after the fact. " : "its commands are checked after the fact. ") +
                "Remove the key, or use `mode: exec`."));
        }

        if (agent.Model is not null && agent.Kind is AgentKind.Command or AgentKind.Websocket)
        {
            errors.Add(new($"{path}.model", $"a `{kind}` agent does not take `model` (Baton cannot pass it on); remove the key, or choose the model in the command or the server it talks to."));
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
}
