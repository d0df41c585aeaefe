using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// Real-CLI scenarios for a CLI that keeps the command policy in its own rules (<see cref="AgentConfig.KeepsCommandRules"/>):
/// the adapter writes the turn's <see cref="CommandRules"/> into them, and the real CLI, driven by the scripted model,
/// refuses what they forbid before it runs and runs the rest.
/// </summary>
public static class CommandRulesScenarios
{
    /// <summary>What these scenarios forbid: <c>touch forbidden</c> blocked, <c>touch confirmed</c> to confirm.</summary>
    public static readonly CommandRules Rules = new() { Blocked = ["touch forbidden"], Confirm = ["touch confirmed"] };

    /// <summary>
    /// The model asks to run <paramref name="command"/>, which <see cref="Rules"/> forbid: <paramref name="file"/> never
    /// appears, the command is declined, and the model is told <paramref name="told"/>; the turn itself succeeds.
    /// </summary>
    public static async Task RefusedBeforeItRunsAsync(RealCliHarness h, IAgentAdapter adapter, AgentConfig agent, string command, string file, string told)
    {
        var (result, sink) = await h.TurnAsync(adapter, agent, "RUN_SHELL: " + command, t => t with { Commands = Rules });

        result.Succeeded.ShouldBeTrue(result.Error);
        File.Exists(Path.Combine(h.Workspace, file)).ShouldBeFalse("the CLI's own rules refused the command before it ran");
        var done = sink.Of(EventType.AgentCommand)[^1];
        ((string?)done["command"], (string?)done["status"]).ShouldBe((command, "declined"));
        h.Server.ModelTurns[^1].Normalized!.AllText.ShouldContain(told);
    }

    /// <summary>A command next to the patterns but not matched by them (no word ends after `forbidden`) still runs.</summary>
    public static async Task TheRestRunsAsync(RealCliHarness h, IAgentAdapter adapter, AgentConfig agent)
    {
        var (result, sink) = await h.TurnAsync(adapter, agent, "RUN_SHELL: touch forbiddenness.txt", t => t with { Commands = Rules });

        result.Succeeded.ShouldBeTrue(result.Error);
        File.Exists(Path.Combine(h.Workspace, "forbiddenness.txt")).ShouldBeTrue("the rules refuse nothing Baton's policy allows");
        ((string?)sink.Of(EventType.AgentCommand)[^1]["status"]).ShouldBe("completed");
    }
}
