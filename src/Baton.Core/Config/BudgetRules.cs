namespace Baton.Core.Config;

/// <summary>Validation of <c>budget:</c> (top level, projects) and <c>agents.*.price</c>: limits above zero, prices not below.</summary>
internal static class BudgetRules
{
    public static void Validate(BatonConfig config, List<ConfigError> errors)
    {
        Check(config.Budget, "budget", errors);
        for (var i = 0; i < config.Projects.Count; i++)
        {
            Check(config.Projects[i].Budget, $"projects[{i}].budget", errors);
        }

        foreach (var (name, agent) in config.Agents)
        {
            if (agent.Price is { } price && (price.InputPerMTok < 0 || price.OutputPerMTok < 0))
            {
                errors.Add(new($"agents.{name}.price", "prices are dollars per million tokens and cannot be negative, e.g. `{ input_per_mtok: 1.25, output_per_mtok: 10 }`."));
            }
        }
    }

    private static void Check(BudgetConfig? budget, string path, List<ConfigError> errors)
    {
        if (budget is null)
        {
            return;
        }

        if (budget.Tokens is null && budget.CostUsd is null)
        {
            errors.Add(new(path, "a budget needs `tokens`, `cost_usd` or both, e.g. `{ tokens: 2000000, cost_usd: 20 }`."));
        }

        if (budget.Tokens is <= 0)
        {
            errors.Add(new($"{path}.tokens", "must be more than zero, e.g. `2000000`."));
        }

        if (budget.CostUsd is <= 0)
        {
            errors.Add(new($"{path}.cost_usd", "must be more than zero, e.g. `20`."));
        }
    }
}
