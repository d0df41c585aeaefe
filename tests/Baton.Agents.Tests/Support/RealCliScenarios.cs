using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// Real-CLI scenarios beyond the conformance suite that any CLI adapter should pass, each a small helper over
/// <see cref="RealCliHarness"/> so they can move into the shared suite; CLI-specific details stay with the callers.
/// </summary>
public static class RealCliScenarios
{
    /// <summary>A prompt that breaks naive argv passing, without any of the scripted model's keywords.</summary>
    public const string AwkwardPrompt = "--version  two  spaces\n\"quoted\" 'single' 007 -5 $HOME é🎉\n  indented line\n";

    /// <summary>The turn's key reaches the model server in <paramref name="keyHeader"/> and no file of the home or workspace holds it.</summary>
    public static async Task KeyOnlyInTheEnvironmentAsync(
        RealCliHarness h, IAgentAdapter adapter, AgentConfig agent, Func<IReadOnlyDictionary<string, string>, string?> keyHeader)
    {
        const string Key = "sk-real-cli-do-not-leak-7391";

        var (result, _) = await h.TurnAsync(adapter, agent, "Say hello", t => t with { ApiKey = new AgentSecret(Key) });

        result.Succeeded.ShouldBeTrue(result.Error);
        h.Server.ModelTurns.ShouldNotBeEmpty();
        h.Server.ModelTurns.ShouldAllBe(r => keyHeader(r.Headers) == Key);
        RealCliHarness.FilesContaining(h.HomeOf(agent), Key).ShouldBeEmpty();
        RealCliHarness.FilesContaining(h.Workspace, Key).ShouldBeEmpty();
    }

    /// <summary>The prompt in the CLI's request body (read by <paramref name="lastUserText"/>) is exactly the turn's prompt.</summary>
    public static async Task PromptArrivesExactlyAsync(RealCliHarness h, IAgentAdapter adapter, AgentConfig agent, Func<JsonNode, string?> lastUserText)
    {
        var (result, _) = await h.TurnAsync(adapter, agent, AwkwardPrompt);

        result.Succeeded.ShouldBeTrue(result.Error);
        lastUserText(h.Server.ModelTurns[^1].Body!).ShouldBe(AwkwardPrompt);
    }

    /// <summary>Resuming a session the CLI does not know fails the turn as a stale session.</summary>
    public static async Task UnknownSessionIsStaleAsync(RealCliHarness h, IAgentAdapter adapter, AgentConfig agent, string unknownSession)
    {
        var (result, _) = await h.TurnAsync(adapter, agent, "Say hello", t => t with { SessionId = unknownSession });

        (result.Succeeded, result.Failure).ShouldBe((false, AgentFailureKind.StaleSession), result.Error);
        result.Error.ShouldNotBeNullOrWhiteSpace();
    }

    /// <summary>A command that exits 3 is a failed agent.command with exit code 3.</summary>
    public static async Task FailingCommandReportsItsExitCodeAsync(RealCliHarness h, IAgentAdapter adapter, AgentConfig agent)
    {
        var (result, sink) = await h.TurnAsync(adapter, agent, "RUN_SHELL: exit 3");

        result.Succeeded.ShouldBeTrue(result.Error);
        var done = sink.Of(EventType.AgentCommand)[^1];
        ((string?)done["status"], (int?)done["exit_code"]).ShouldBe(("failed", 3));
    }

    /// <summary>A file the model writes exists and is one file change with its workspace-relative path; returns its kind.</summary>
    public static async Task<string?> WriteIsAFileChangeAsync(RealCliHarness h, IAgentAdapter adapter, AgentConfig agent)
    {
        var (result, sink) = await h.TurnAsync(adapter, agent, "WRITE_FILE: notes/new.txt hello from the model");

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(h.Workspace, "notes", "new.txt")).ShouldContain("hello from the model");
        var change = sink.Of(EventType.AgentFileChange).ShouldHaveSingleItem();
        ((string?)change["path"]).ShouldBe("notes/new.txt");
        return (string?)change["kind"];
    }

    /// <summary>
    /// A model that never answers times the turn out, and afterwards no process anywhere carries the turn's
    /// <paramref name="environmentEntry"/> (a variable of the isolated home that the whole process tree inherits,
    /// so this also catches a process that left the group).
    /// </summary>
    public static async Task HangLeavesNoProcessAnywhereAsync(RealCliHarness h, IAgentAdapter adapter, AgentConfig agent, string environmentEntry)
    {
        var turn = h.TurnAsync(adapter, agent, "HANG until stopped", t => t with { Timeout = TimeSpan.FromSeconds(8) });
        (await Eventually.TrueAsync(() => ProcEnviron.With(environmentEntry).Count > 0 || turn.IsCompleted, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue();
        ProcEnviron.With(environmentEntry).ShouldNotBeEmpty("the CLI's processes carry the entry while it runs");

        var (result, _) = await turn;

        (result.TimedOut, result.Failure).ShouldBe((true, AgentFailureKind.TimedOut));
        (await Eventually.TrueAsync(() => ProcEnviron.With(environmentEntry).Count == 0, TimeSpan.FromSeconds(10)))
            .ShouldBeTrue($"left behind: {string.Join(", ", ProcEnviron.With(environmentEntry))}");
    }
}
