using System.Text.Json.Nodes;
using Baton.Agents.Opencode;
using Baton.Agents.Tests.Support;

namespace Baton.Agents.Tests.Opencode;

/// <summary>The real opencode CLI through the adapter, beyond the conformance suite.</summary>
[Trait("Category", "AgentCli")]
public sealed class OpencodeRealCliTests : IAsyncLifetime
{
    private RealCliHarness? _harness;

    private RealCliHarness H => _harness ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _harness = await RealCliHarness.StartAsync(p => new OpencodeAdapter(p));

    public async Task DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public Task The_turns_key_reaches_the_server_as_a_bearer_token_and_no_file_holds_it() =>
        RealCliScenarios.KeyOnlyInTheEnvironmentAsync(H, OpencodeRealCli.Agent(H.Server),
            headers => headers.GetValueOrDefault("authorization")?.Replace("Bearer ", "", StringComparison.Ordinal));

    [Fact]
    public Task The_prompt_reaches_the_model_exactly() =>
        RealCliScenarios.PromptArrivesExactlyAsync(H, OpencodeRealCli.Agent(H.Server), LastPrompt);

    [Fact]
    public Task Resuming_a_session_opencode_does_not_know_is_a_stale_session() =>
        RealCliScenarios.UnknownSessionIsStaleAsync(H, OpencodeRealCli.Agent(H.Server), "ses_0000000000000000000000000");

    [Fact]
    public Task A_failing_command_reports_its_exit_code() =>
        RealCliScenarios.FailingCommandReportsItsExitCodeAsync(H, OpencodeRealCli.Agent(H.Server));

    [Fact]
    public async Task A_new_file_is_one_file_change_of_kind_add()
    {
        var kind = await RealCliScenarios.WriteIsAFileChangeAsync(H, OpencodeRealCli.Agent(H.Server));

        kind.ShouldBe("add");
    }

    [Fact]
    public Task A_hang_times_out_and_leaves_no_opencode_process_anywhere() =>
        RealCliScenarios.HangLeavesNoProcessAnywhereAsync(H, OpencodeRealCli.Agent(H.Server),
            "OPENCODE_CONFIG=" + Path.Combine(H.Home, "opencode", "opencode.json"));

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
