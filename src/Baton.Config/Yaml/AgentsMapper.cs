using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>agents:</c>, a mapping of agent name to its settings, keeping the file's order.</summary>
internal static class AgentsMapper
{
    private static readonly string[] Keys = ["kind", "model", "command", "sandbox", "base_url", "api_key_env", "args", "env", "timeout", "fallback", "price", "mode"];

    public static Dictionary<string, AgentConfig> Map(YamlReader reader, YamlNode node)
    {
        var agents = new Dictionary<string, AgentConfig>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            reader.Error("agents", $"expected a mapping of agent names to settings, e.g. `codex: {{ kind: codex }}`, got {YamlReader.Describe(node)}.");
            return agents;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                reader.Error("agents", $"expected agent names as keys, got {YamlReader.Describe(keyNode)}.");
                continue;
            }

            agents[name] = MapAgent(reader, name, value);
        }

        return agents;
    }

    private static AgentConfig MapAgent(YamlReader reader, string name, YamlNode node)
    {
        var path = $"agents.{name}";
        var named = YamlEnums.AgentKinds.TryParse(name, out var kindFromName) ? kindFromName : (AgentKind?)null;

        // `codex:` with nothing under it is a codex agent with every default.
        if (YamlReader.IsNull(node))
        {
            if (named is null)
            {
                reader.Error(path, $"`{name}` needs settings: at least `kind` ({YamlEnums.AgentKinds.Valid}).");
            }

            return new AgentConfig { Name = name, Kind = named ?? AgentKind.Command };
        }

        if (reader.Mapping(node, path, "{ kind: codex, model: gpt-5.1-codex }", Keys) is not { } fields)
        {
            return new AgentConfig { Name = name, Kind = named ?? AgentKind.Command };
        }

        return new AgentConfig
        {
            Name = name,
            Kind = Kind(reader, fields, named, path),
            Model = fields.String("model"),
            Command = fields.String("command"),
            Sandbox = fields.String("sandbox"),
            BaseUrl = fields.String("base_url"),
            ApiKeyEnv = fields.String("api_key_env"),
            Args = fields.StringList("args", "[--verbose]") ?? [],
            Env = fields.StringMap("env", "{ LOG_LEVEL: debug }") ?? new Dictionary<string, string>(),
            Timeout = fields.Duration("timeout"),
            Fallback = fields.StringList("fallback", "[claude, gemini]") ?? [],
            Mode = fields.Enum("mode", YamlEnums.AgentModes),
            Price = fields.Node("price") is { } price ? BudgetMapper.Price(reader, price, fields.PathOf("price")) : null,
        };
    }

    /// <summary>The kind as written; else the agent's name when it is a kind (<c>claude:</c>); else <c>command</c> when a command is given.</summary>
    private static AgentKind Kind(YamlReader reader, YamlFields fields, AgentKind? named, string path)
    {
        if (fields.Has("kind"))
        {
            return fields.Enum("kind", YamlEnums.AgentKinds) ?? named ?? AgentKind.Command;
        }

        if (named is { } kind)
        {
            return kind;
        }

        if (!fields.Has("command"))
        {
            reader.Error($"{path}.kind", $"missing `kind`: one of {YamlEnums.AgentKinds.Valid}.");
        }

        return AgentKind.Command;
    }
}
