using Baton.Core.Text;

namespace Baton.Core.Config;

/// <summary>
/// Checks a loaded configuration as a whole (references, cycles, ranges) and lists every problem at once, each with the
/// key path the loader uses (<c>pipelines.default.stages[1].agent</c>). Each section has its own rules file
/// (<see cref="TopLevelRules"/>, <see cref="AgentRules"/>, <see cref="ProjectRules"/>, <see cref="PipelineRules"/>,
/// <see cref="PolicyRules"/>), so work on one section does not collide with work on another.
/// </summary>
public static class ConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(BatonConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<ConfigError>();
        TopLevelRules.Validate(config, errors);
        AgentRules.Validate(config, errors);
        ProjectRules.Validate(config, errors);
        PipelineRules.Validate(config, errors);
        PipelineCycles.Validate(config, errors);
        PolicyRules.Validate(config.Policy, errors);
        EnvPassRules.Validate(config, errors);
        BudgetRules.Validate(config, errors);
        RecoveryRules.Validate(config, errors);
        ServerRules.Validate(config.Server, errors);
        SyncRules.Validate(config.Sync, errors);
        return errors;
    }

    /// <summary>"unknown pipeline `x`. Did you mean `y`? Defined pipelines: a, b."</summary>
    internal static string UnknownName(string what, string name, IEnumerable<string> known)
    {
        var names = known.ToList();
        var list = names.Count == 0 ? $" No {what}s are defined." : $" Defined {what}s: {string.Join(", ", names)}.";
        return $"unknown {what} `{name}`.{Suggestions.DidYouMean(name, names)}{list}";
    }
}
