using System.Text;
using Baton.Agents.Common;
using Baton.Core.Config;

namespace Baton.Agents.Codex;

/// <summary>
/// Writes <c>$CODEX_HOME/config.toml</c> for one agent: no analytics or plugin sync (both call home), the key's
/// variables kept out of the agent's shell commands, and — when the agent has a <c>base_url</c> — a model provider
/// pointing there. The key itself is never written: the provider names the variable that holds it.
/// </summary>
public static class CodexConfig
{
    public const string ProviderId = "baton";

    /// <summary>The variable the custom provider reads its key from.</summary>
    public const string ApiKeyVariable = "BATON_CODEX_API_KEY";

    /// <summary>The variables the built-in OpenAI provider reads (0.169 reads CODEX_API_KEY in exec; older builds OPENAI_API_KEY).</summary>
    public static readonly IReadOnlyList<string> BuiltInKeyVariables = ["CODEX_API_KEY", "OPENAI_API_KEY"];

    /// <param name="trusted">A workspace to mark trusted in the config (a relaunch after Codex refused an untrusted directory).</param>
    public static string Render(AgentConfig agent, bool hasApiKey, string? trusted = null)
    {
        var toml = new StringBuilder();
        toml.Append("# Written by Baton for agent `").Append(agent.Name).Append("` before every turn; edits are overwritten.\n");
        if (agent.BaseUrl is not null)
        {
            toml.Append("model_provider = ").Append(Quote(ProviderId)).Append('\n');
        }

        toml.Append("\n[analytics]\nenabled = false\n\n[features]\nplugins = false\n\n");
        toml.Append("[shell_environment_policy]\nexclude = [")
            .AppendJoin(", ", BuiltInKeyVariables.Prepend(ApiKeyVariable).Select(Quote)).Append("]\n");
        if (agent.BaseUrl is { } baseUrl)
        {
            // Codex POSTs {base_url}/responses: the URL is used exactly as configured (docs/agents.md).
            toml.Append("\n[model_providers.").Append(ProviderId).Append("]\n")
                .Append("name = ").Append(Quote($"agents.{agent.Name}.base_url")).Append('\n')
                .Append("base_url = ").Append(Quote(baseUrl)).Append('\n')
                .Append("wire_api = \"responses\"\n")
                .Append("request_max_retries = 0\nstream_max_retries = 0\n");
            if (hasApiKey)
            {
                toml.Append("env_key = ").Append(Quote(ApiKeyVariable)).Append('\n');
            }
        }

        if (trusted is not null)
        {
            toml.Append("\n[projects.").Append(Quote(trusted)).Append("]\ntrust_level = \"trusted\"\n");
        }

        return toml.ToString();
    }

    /// <summary>Writes the file atomically: turns of the same agent may start at the same time.</summary>
    public static void Write(string codexHome, AgentConfig agent, bool hasApiKey, string? trusted = null)
    {
        Directory.CreateDirectory(codexHome);
        var target = Path.Combine(codexHome, "config.toml");
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, Render(agent, hasApiKey, trusted));
        File.Move(temp, target, overwrite: true);
    }

    private static string Quote(string value) => TomlText.Quote(value);
}
