using System.Text.Json.Nodes;
using Baton.Agents.Opencode;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;

namespace Baton.Agents.Tests.Opencode;

/// <summary>opencode specifics, with the real CLI: where the key goes, the exact prompt, stale sessions, exit codes, files, the command policy in its own permissions, hangs.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class OpencodeRealCliDetailTests : IAsyncLifetime
{
    private readonly RealCliHarness _cli = new();
    private readonly OpencodeAdapter _adapter = new(new Baton.Processes.ProcessRunner());

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    private AgentConfig Agent => RealCliAgents.Opencode(_cli.Server.BaseUrl);

    [Fact]
    public Task The_turns_key_reaches_the_server_as_a_bearer_token_and_no_file_holds_it() =>
        RealCliScenarios.KeyOnlyInTheEnvironmentAsync(_cli, _adapter, Agent,
            headers => headers.GetValueOrDefault("authorization")?.Replace("Bearer ", "", StringComparison.Ordinal));

    [Fact]
    public Task The_prompt_reaches_the_model_exactly() =>
        RealCliScenarios.PromptArrivesExactlyAsync(_cli, _adapter, Agent, LastPrompt);

    [Fact]
    public Task Resuming_a_session_opencode_does_not_know_is_a_stale_session() =>
        RealCliScenarios.UnknownSessionIsStaleAsync(_cli, _adapter, Agent, "ses_0000000000000000000000000");

    [Fact]
    public Task A_failing_command_reports_its_exit_code() =>
        RealCliScenarios.FailingCommandReportsItsExitCodeAsync(_cli, _adapter, Agent);

    [Fact]
    public async Task A_new_file_is_one_file_change_of_kind_add()
    {
        var kind = await RealCliScenarios.WriteIsAFileChangeAsync(_cli, _adapter, Agent);

        kind.ShouldBe("add");
    }

    [Theory]
    [InlineData("touch forbidden.txt", "forbidden.txt", "prevents you from using this specific tool call")]
    [InlineData("echo a && touch forbidden.txt", "forbidden.txt", "prevents you from using this specific tool call")]
    [InlineData("touch confirmed.txt", "confirmed.txt", "prevents you from using this specific tool call")]
    public Task A_command_the_policy_forbids_is_refused_by_opencodes_own_permissions_before_it_runs(string command, string file, string told) =>
        CommandRulesScenarios.RefusedBeforeItRunsAsync(_cli, _adapter, Agent, command, file, told);

    [Fact]
    public Task A_command_the_policy_allows_still_runs_under_those_rules() =>
        CommandRulesScenarios.TheRestRunsAsync(_cli, _adapter, Agent);

    [Fact]
    public Task A_hang_times_out_and_leaves_no_opencode_process_anywhere() =>
        RealCliScenarios.HangLeavesNoProcessAnywhereAsync(_cli, _adapter, Agent,
            "OPENCODE_CONFIG=" + Path.Combine(_cli.HomeOf(Agent), "opencode", "opencode.json"));

    /// <summary>The last user message of a Chat Completions request (a string, or text parts).</summary>
    private static string? LastPrompt(JsonNode body) => body["messages"]!.AsArray()
        .Where(m => (string?)m!["role"] == "user")
        .Select(m => m!["content"] switch
        {
            JsonArray parts => string.Concat(parts.Select(p => (string?)p!["text"])),
            var content => (string?)content,
        })
        .LastOrDefault();
}
