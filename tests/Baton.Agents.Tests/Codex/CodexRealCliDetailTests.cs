using Baton.Agents.Codex;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Codex;

/// <summary>Codex specifics, with the real CLI: where the key goes, usage of resumed threads, stale threads, patches.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class CodexRealCliDetailTests : IAsyncLifetime
{
    private const string Secret = "sk-codex-real-5d1e";
    private readonly RealCliHarness _cli = new();
    private readonly CodexAdapter _adapter = new(new Baton.Processes.ProcessRunner());

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    private Task<(AgentTurnResult Result, RecordingSink Sink)> TurnAsync(string prompt, Func<AgentTurn, AgentTurn>? adjust = null, string? model = "scripted-model") =>
        _cli.TurnAsync(_adapter, RealCliAgents.Codex(_cli.Server.BaseUrl, model), prompt, adjust);

    [Fact]
    public async Task The_key_reaches_the_model_server_but_not_the_agents_shell_or_any_file()
    {
        var (result, _) = await TurnAsync("RUN_SHELL: env > env.txt", t => t with { ApiKey = new AgentSecret(Secret) });

        result.Succeeded.ShouldBeTrue(result.Error);
        _cli.Server.ModelTurns.ShouldAllBe(r => r.Headers["authorization"] == "Bearer " + Secret);
        File.ReadAllText(Path.Combine(_cli.Workspace, "env.txt")).ShouldNotContain(Secret);
        RealCliHarness.FilesContaining(_cli.HomeOf(RealCliAgents.Codex(_cli.Server.BaseUrl)), Secret).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_resumed_turn_reports_its_own_usage_and_the_threads_total()
    {
        var (first, _) = await TurnAsync("Say hello");
        first.Succeeded.ShouldBeTrue(first.Error);

        var (second, _) = await TurnAsync("And again", t => t with { SessionId = first.SessionId, SessionUsage = first.SessionUsage });

        second.Succeeded.ShouldBeTrue(second.Error);
        second.SessionUsage!.InputTokens.ShouldBeGreaterThan(first.SessionUsage!.InputTokens);
        second.Usage.ShouldBe(second.SessionUsage.Minus(first.SessionUsage));
        second.Usage!.InputTokens.ShouldBeLessThan(second.SessionUsage.InputTokens);
    }

    [Fact]
    public async Task A_thread_that_does_not_exist_is_a_stale_session()
    {
        var (result, _) = await TurnAsync("Continue", t => t with { SessionId = "01a20270-0000-7d31-b622-f1dc76c7bfc3" });

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.StaleSession, result.Error);
    }

    [Fact]
    public async Task A_patch_is_reported_as_a_change_of_a_file_relative_to_the_workspace()
    {
        // With a model Codex knows it offers apply_patch, which the scripted model uses to write files.
        var (result, sink) = await TurnAsync("WRITE_FILE: notes.txt patched in", model: "gpt-5.5");

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(_cli.Workspace, "notes.txt")).ShouldContain("patched in");
        sink.Of(EventType.AgentFileChange).Select(c => ((string?)c["path"], (string?)c["kind"])).ShouldBe([("notes.txt", "add")]);
    }

    [Fact]
    public async Task A_prompt_that_starts_with_a_dash_is_a_prompt()
    {
        var (result, _) = await TurnAsync("--help me say hello");

        result.Succeeded.ShouldBeTrue(result.Error);
        result.FinalMessage.ShouldNotBeNull().ShouldContain("last='--help me say hello'");
    }
}
