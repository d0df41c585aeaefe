using Baton.Core.Config;

namespace Baton.Engine.Agents;

/// <summary>
/// Which agents a stage may use, in order: the one it names, that agent's configured fallbacks, then the agents the
/// recovery tiers give the stage's role, tier by tier — so a fallback keeps to the role.
/// </summary>
public static class AgentChain
{
    public static IReadOnlyList<string> For(BatonConfig config, string primary, AgentRole role)
    {
        var chain = new List<string> { primary };
        if (config.Agents.TryGetValue(primary, out var agent))
        {
            chain.AddRange(agent.Fallback.Where(name => !chain.Contains(name)));
        }

        foreach (var tier in config.Recovery.Tiers)
        {
            if (tier.TryGetValue(role, out var name) && !chain.Contains(name))
            {
                chain.Add(name);
            }
        }

        return chain;
    }

    /// <summary>The agent the first tier naming the role gives it, for a stage that names none.</summary>
    public static string? FirstTier(BatonConfig config, AgentRole role) =>
        config.Recovery.Tiers.Select(t => t.GetValueOrDefault(role)).FirstOrDefault(name => name is not null);

    /// <summary>
    /// When a CLI is not installed and nothing was configured to replace it, the other configured agent CLIs (not
    /// commands or sockets, which do different jobs), so the pipeline still runs with the agents that are there. With
    /// tiers for the role, the tiers are what was configured: nothing is added.
    /// </summary>
    public static IEnumerable<string> Installed(BatonConfig config, AgentRole role, IReadOnlyCollection<string> tried) =>
        config.Recovery.Tiers.Any(t => t.ContainsKey(role))
            ? []
            : config.Agents.Values
                .Where(a => a.Kind is AgentKind.Codex or AgentKind.Claude or AgentKind.Gemini or AgentKind.Opencode)
                .Select(a => a.Name)
                .Where(name => !tried.Contains(name));
}
