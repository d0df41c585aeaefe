using System.Text.Json.Nodes;
using Baton.Agents.Gemini;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;

namespace Baton.Agents.Tests.Gemini;

/// <summary>Gemini specifics, with the real CLI: where the key goes, the exact prompt, stale sessions, exit codes, files, the command policy in its own policy engine, hangs.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class GeminiRealCliDetailTests : IAsyncLifetime
{
    private readonly RealCliHarness _cli = new();
    private readonly GeminiAdapter _adapter = new(new Baton.Processes.ProcessRunner());

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    private AgentConfig Agent => RealCliAgents.Gemini(_cli.Server.BaseUrl);

    [Fact]
    public Task The_turns_key_reaches_the_server_as_x_goog_api_key_and_no_file_holds_it() =>
        RealCliScenarios.KeyOnlyInTheEnvironmentAsync(_cli, _adapter, Agent with { Env = new Dictionary<string, string>() },
            headers => headers.GetValueOrDefault("x-goog-api-key"));

    [Fact]
    public Task The_prompt_reaches_the_model_exactly() =>
        RealCliScenarios.PromptArrivesExactlyAsync(_cli, _adapter, Agent, LastPrompt);

    [Fact]
    public Task Resuming_a_session_gemini_does_not_know_is_a_stale_session() =>
        RealCliScenarios.UnknownSessionIsStaleAsync(_cli, _adapter, Agent, "11111111-2222-3333-4444-555555555555");

    [Fact]
    public Task A_silent_failing_command_reports_its_exit_code() =>
        RealCliScenarios.FailingCommandReportsItsExitCodeAsync(_cli, _adapter, Agent);

    [Fact]
    public async Task A_written_file_is_one_file_change()
    {
        // add or update: Gemini's stream does not say; the parser looks in the workspace when it reads the tool call.
        var kind = await RealCliScenarios.WriteIsAFileChangeAsync(_cli, _adapter, Agent);

        kind.ShouldBeOneOf("add", "update");
    }

    [Theory]
    [InlineData("touch forbidden.txt", "forbidden.txt", "Refused by Baton: `touch forbidden` is in policy.blocked_commands")]
    [InlineData("echo a && touch forbidden.txt", "forbidden.txt", "Refused by Baton: `touch forbidden` is in policy.blocked_commands")]
    [InlineData("touch confirmed.txt", "confirmed.txt", "`touch confirmed` is in policy.confirm_commands, so a person must say yes first")]
    public Task A_command_the_policy_forbids_is_refused_by_geminis_own_policy_before_it_runs(string command, string file, string told) =>
        CommandRulesScenarios.RefusedBeforeItRunsAsync(_cli, _adapter, Agent, command, file, told);

    [Fact]
    public Task A_command_the_policy_allows_still_runs_under_those_rules() =>
        CommandRulesScenarios.TheRestRunsAsync(_cli, _adapter, Agent);

    [Fact]
    public Task A_hang_times_out_and_leaves_no_gemini_process_anywhere() =>
        RealCliScenarios.HangLeavesNoProcessAnywhereAsync(_cli, _adapter, Agent, "GEMINI_CLI_HOME=" + Path.Combine(_cli.HomeOf(Agent), "gemini"));

    /// <summary>The last user text part of a Gemini request, after the session context part Gemini adds.</summary>
    private static string? LastPrompt(JsonNode body) => body["contents"]!.AsArray()
        .Where(c => (string?)c!["role"] == "user")
        .SelectMany(c => c!["parts"]!.AsArray())
        .Select(p => (string?)p!["text"])
        .LastOrDefault(t => t is not null && !t.StartsWith("<session_context>", StringComparison.Ordinal));
}
