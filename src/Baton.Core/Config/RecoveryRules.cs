namespace Baton.Core.Config;

/// <summary>Validation of <c>recovery:</c>: retries in range, classifiers that can match, tiers naming configured agents.</summary>
internal static class RecoveryRules
{
    public const int MaxRetries = 20;

    public static void Validate(BatonConfig config, List<ConfigError> errors)
    {
        var recovery = config.Recovery;
        if (recovery.Retries is < 0 or > MaxRetries)
        {
            errors.Add(new("recovery.retries", $"{recovery.Retries} is out of range: use 0 to {MaxRetries} (tries again after a transient failure)."));
        }

        for (var i = 0; i < recovery.Classify.Count; i++)
        {
            var rule = recovery.Classify[i];
            var path = $"recovery.classify[{i}]";
            if (rule.Output is null && rule.ExitCode is null)
            {
                errors.Add(new(path, "matches nothing: give `output` (a regular expression), `exit_code`, or both, e.g. `{ output: \"ECONNRESET\", as: transient }`."));
            }

            if (rule.Output is { } pattern && Problem(pattern) is { } problem)
            {
                errors.Add(new($"{path}.output", $"is not a valid regular expression ({problem}); escape special characters with \\, e.g. `socket hang up|ECONNRESET`."));
            }
        }

        for (var i = 0; i < recovery.Tiers.Count; i++)
        {
            if (recovery.Tiers[i].Count == 0)
            {
                errors.Add(new($"recovery.tiers[{i}]", "names no agent: give each role its agent, e.g. `{ planner: gemini, builder: claude, reviewer: codex }`."));
            }

            foreach (var (role, agent) in recovery.Tiers[i])
            {
                if (!config.Agents.ContainsKey(agent))
                {
                    var path = $"recovery.tiers[{i}].{Text.BatonJson.WireName(role)}";
                    errors.Add(new(path, ConfigValidator.UnknownName("agent", agent, config.Agents.Keys)));
                }
            }
        }
    }

    private static string? Problem(string pattern)
    {
        try
        {
            _ = FailureRule.Compile(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
