using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>budget:</c> (top level or a project's) and <c>agents.*.price</c>.</summary>
internal static class BudgetMapper
{
    private static readonly string[] Keys = ["tokens", "cost_usd"];
    private static readonly string[] PriceKeys = ["input_per_mtok", "output_per_mtok"];

    public static BudgetConfig? Map(YamlReader reader, YamlNode node, string path)
    {
        if (reader.Mapping(node, path, "{ tokens: 2000000, cost_usd: 20 }", Keys) is not { } fields)
        {
            return null;
        }

        return new BudgetConfig { Tokens = fields.Int("tokens"), CostUsd = fields.Decimal("cost_usd") };
    }

    public static AgentPrice? Price(YamlReader reader, YamlNode node, string path)
    {
        if (reader.Mapping(node, path, "{ input_per_mtok: 1.25, output_per_mtok: 10 }", PriceKeys) is not { } fields)
        {
            return null;
        }

        return new AgentPrice(fields.Decimal("input_per_mtok") ?? 0, fields.Decimal("output_per_mtok") ?? 0);
    }
}
