using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Support;

/// <summary>
/// Scenarios beyond the conformance suite that every CLI adapter should pass, each a small helper over
/// <see cref="RealCliHarness"/> so they can move into the shared suite; CLI-specific checks stay in the callers.
/// </summary>
public static class RealCliScenarios
{
    /// <summary>A prompt that breaks naive argv passing, without any of the scripted model's keywords.</summary>
    public const string AwkwardPrompt = "--version  two  spaces\n\"quoted\" 'single' 007 -5 $HOME é🎉\n  indented line\n";

    /// <summary>The key reaches the model server and no file of the turn's world holds it.</summary>
    public static async Task KeyOnlyInTheEnvironmentAsync(RealCliHarness h, AgentConfig agent, Func<IReadOnlyDictionary<string, string>, string?> keyHeader)
    {
        const string Key = "sk-real-cli-do-not-leak-7391";

        var (result, _) = await h.RunAsync(h.Turn(agent, "Say hello", key: new AgentSecret(Key)));

        result.Succeeded.ShouldBeTrue(result.Error);
        h.Server.ModelTurns.ShouldNotBeEmpty();
        h.Server.ModelTurns.ShouldAllBe(r => keyHeader(r.Headers) == Key);
        foreach (var file in h.Files)
        {
            File.ReadAllText(file).ShouldNotContain(Key, customMessage: file);
        }
    }

    /// <summary>The prompt the model received, as the CLI put it in its request body, is exactly the turn's prompt.</summary>
    public static async Task PromptArrivesExactlyAsync(RealCliHarness h, AgentConfig agent, Func<System.Text.Json.Nodes.JsonNode, string?> lastUserText)
    {
        var (result, _) = await h.RunAsync(h.Turn(agent, AwkwardPrompt));

        result.Succeeded.ShouldBeTrue(result.Error);
        lastUserText(h.Server.ModelTurns[^1].Body!).ShouldBe(AwkwardPrompt);
    }

    /// <summary>Resuming a session the CLI does not know fails the turn as a stale session.</summary>
    public static async Task UnknownSessionIsStaleAsync(RealCliHarness h, AgentConfig agent, string unknownSession)
    {
        var (result, _) = await h.RunAsync(h.Turn(agent, "Say hello", session: unknownSession));

        (result.Succeeded, result.Failure).ShouldBe((false, AgentFailureKind.StaleSession), result.Error);
        result.Error.ShouldNotBeNullOrWhiteSpace();
    }

    /// <summary>A command that fails is a failed agent.command with its exit code.</summary>
    public static async Task FailingCommandReportsItsExitCodeAsync(RealCliHarness h, AgentConfig agent)
    {
        var (result, sink) = await h.RunAsync(h.Turn(agent, "RUN_SHELL: exit 3"));

        result.Succeeded.ShouldBeTrue(result.Error);
        var done = sink.Of(EventType.AgentCommand).Last();
        ((string?)done["status"], (int?)done["exit_code"]).ShouldBe(("failed", 3));
    }

    /// <summary>A file the model writes exists and is reported as one file change with its path; returns the kind.</summary>
    public static async Task<string?> WriteIsAFileChangeAsync(RealCliHarness h, AgentConfig agent)
    {
        var (result, sink) = await h.RunAsync(h.Turn(agent, "WRITE_FILE: notes/new.txt hello from the model"));

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(h.Workspace, "notes", "new.txt")).ShouldContain("hello from the model");
        var change = sink.Of(EventType.AgentFileChange).ShouldHaveSingleItem();
        ((string?)change["path"]).ShouldNotBeNull().ShouldEndWith("notes/new.txt");
        return (string?)change["kind"];
    }

    /// <summary>
    /// A model that never answers times the turn out, and afterwards no process anywhere carries the turn's
    /// <paramref name="environmentEntry"/> (an isolated-home variable every process of the tree inherits).
    /// </summary>
    public static async Task HangLeavesNoProcessAnywhereAsync(RealCliHarness h, AgentConfig agent, string environmentEntry)
    {
        var turn = h.RunAsync(h.Turn(agent, "HANG until stopped", timeout: TimeSpan.FromSeconds(8)));
        (await Eventually.TrueAsync(() => ProcEnviron.With(environmentEntry).Count > 0 || turn.IsCompleted, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue();
        ProcEnviron.With(environmentEntry).ShouldNotBeEmpty("the CLI's processes carry the entry while it runs");

        var (result, _) = await turn;

        (result.TimedOut, result.Failure).ShouldBe((true, AgentFailureKind.TimedOut));
        (await Eventually.TrueAsync(() => ProcEnviron.With(environmentEntry).Count == 0, TimeSpan.FromSeconds(10)))
            .ShouldBeTrue($"left behind: {string.Join(", ", ProcEnviron.With(environmentEntry))}");
    }
}
