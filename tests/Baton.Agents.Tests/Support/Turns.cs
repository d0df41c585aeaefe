using Baton.Core.Agents;
using Baton.Core.Config;

namespace Baton.Agents.Tests.Support;

/// <summary>Turns for adapter tests: an agent of the given kind in a workspace, with sensible defaults for the rest.</summary>
public static class Turns
{
    public static AgentTurn For(AgentConfig agent, string workspace, string prompt = "Say hello", string? home = null) => new()
    {
        Agent = agent,
        Role = AgentRole.Builder,
        Prompt = prompt,
        PromptFile = Path.Combine(home ?? workspace, "prompt.md"),
        Workspace = workspace,
        TaskId = "t-1",
        RunId = "r-1",
        Stage = "build",
        HomeDirectory = home,
        Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
    };
}
