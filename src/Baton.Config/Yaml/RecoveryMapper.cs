using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>recovery:</c> — <c>retries</c>, <c>classify</c> rules and fallback <c>tiers</c>.</summary>
internal static class RecoveryMapper
{
    private const string Example = "{ retries: 2, classify: [{ output: \"ECONNRESET\", as: transient }], tiers: [{ planner: gemini, builder: claude, reviewer: codex }] }";
    private const string RuleExample = "{ output: \"ECONNRESET|socket hang up\", exit_code: 1, as: transient }";
    private const string TierExample = "{ planner: gemini, builder: claude, tester: codex, reviewer: codex }";
    private static readonly string[] Keys = ["retries", "classify", "tiers"];
    private static readonly string[] RuleKeys = ["output", "exit_code", "as"];

    public static RecoveryConfig Map(YamlReader reader, YamlNode node)
    {
        if (reader.Mapping(node, "recovery", Example, Keys) is not { } fields)
        {
            return new RecoveryConfig();
        }

        return new RecoveryConfig
        {
            Retries = fields.Int("retries") ?? RecoveryConfig.DefaultRetries,
            Classify = fields.Node("classify") is { } rules ? Rules(reader, rules) : [],
            Tiers = fields.Node("tiers") is { } tiers ? Tiers(reader, tiers) : [],
        };
    }

    private static List<FailureRule> Rules(YamlReader reader, YamlNode node)
    {
        var rules = new List<FailureRule>();
        var items = reader.Sequence(node, "recovery.classify", $"[{RuleExample}]") ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"recovery.classify[{i}]";
            if (reader.Mapping(items[i], path, RuleExample, RuleKeys) is not { } fields)
            {
                continue;
            }

            if (!fields.Has("as"))
            {
                reader.Error(path, $"says what the failure is with `as`: {YamlEnums.FailureClasses.Valid}, e.g. `{RuleExample}`.");
            }

            rules.Add(new FailureRule
            {
                Output = fields.String("output"),
                ExitCode = fields.Int("exit_code"),
                As = fields.Enum("as", YamlEnums.FailureClasses) ?? FailureClass.Hard,
            });
        }

        return rules;
    }

    private static List<IReadOnlyDictionary<AgentRole, string>> Tiers(YamlReader reader, YamlNode node)
    {
        var tiers = new List<IReadOnlyDictionary<AgentRole, string>>();
        var items = reader.Sequence(node, "recovery.tiers", $"[{TierExample}]") ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (reader.Mapping(items[i], $"recovery.tiers[{i}]", TierExample, YamlEnums.Roles.Names) is not { } fields)
            {
                continue;
            }

            var tier = new Dictionary<AgentRole, string>();
            foreach (var name in YamlEnums.Roles.Names)
            {
                if (fields.String(name) is { } agent && YamlEnums.Roles.TryParse(name, out var role))
                {
                    tier[role] = agent;
                }
            }

            tiers.Add(tier);
        }

        return tiers;
    }
}
