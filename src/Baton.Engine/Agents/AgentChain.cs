using Baton.Core.Config;

namespace Baton.Engine.Agents;

/// <summary>Which agents a stage may use, in order: the one it names, then that agent's configured fallbacks.</summary>
public static class AgentChain
{
    public static IReadOnlyList<string> For(BatonConfig config, string primary)
    {
        var chain = new List<string> { primary };
        if (config.Agents.TryGetValue(primary, out var agent))
        {
            chain.AddRange(agent.Fallback.Where(name => !chain.Contains(name)));
        }

        return chain;
    }

    /// <summary>
    /// When a CLI is not installed and nothing was configured to replace it, the other configured agent CLIs (not
    /// commands or sockets, which do different jobs), so the pipeline still runs with the agents that are there.
    /// </summary>
    public static IEnumerable<string> Installed(BatonConfig config, IReadOnlyCollection<string> tried) =>
        config.Agents.Values
            .Where(a => a.Kind is AgentKind.Codex or AgentKind.Claude or AgentKind.Gemini or AgentKind.Opencode)
            .Select(a => a.Name)
            .Where(name => !tried.Contains(name));
}
