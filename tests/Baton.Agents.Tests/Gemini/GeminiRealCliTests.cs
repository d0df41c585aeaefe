using System.Text.Json.Nodes;
using Baton.Agents.Gemini;
using Baton.Agents.Tests.Support;

namespace Baton.Agents.Tests.Gemini;

/// <summary>The real Gemini CLI through the adapter, beyond the conformance suite.</summary>
[Trait("Category", "AgentCli")]
public sealed class GeminiRealCliTests : IAsyncLifetime
{
    private RealCliHarness? _harness;

    private RealCliHarness H => _harness ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _harness = await RealCliHarness.StartAsync(p => new GeminiAdapter(p));

    public async Task DisposeAsync() => await H.DisposeAsync();

    /// <summary>The agent with no key in its env: the turn's key is the only one.</summary>
    private Baton.Core.Config.AgentConfig Agent => GeminiRealCli.Agent(H.Server) with { Env = new Dictionary<string, string>() };

    [Fact]
    public Task The_turns_key_reaches_the_server_as_x_goog_api_key_and_no_file_holds_it() =>
        RealCliScenarios.KeyOnlyInTheEnvironmentAsync(H, Agent, headers => headers.GetValueOrDefault("x-goog-api-key"));

    [Fact]
    public Task The_prompt_reaches_the_model_exactly() =>
        RealCliScenarios.PromptArrivesExactlyAsync(H, GeminiRealCli.Agent(H.Server), LastPrompt);

    [Fact]
    public Task Resuming_a_session_gemini_does_not_know_is_a_stale_session() =>
        RealCliScenarios.UnknownSessionIsStaleAsync(H, GeminiRealCli.Agent(H.Server), "11111111-2222-3333-4444-555555555555");

    [Fact]
    public Task A_silent_failing_command_reports_its_exit_code() =>
        RealCliScenarios.FailingCommandReportsItsExitCodeAsync(H, GeminiRealCli.Agent(H.Server));

    [Fact]
    public async Task A_written_file_is_one_file_change()
    {
        // add or update: Gemini's stream does not say, the parser looks at the workspace when the tool call is read.
        var kind = await RealCliScenarios.WriteIsAFileChangeAsync(H, GeminiRealCli.Agent(H.Server));

        kind.ShouldBeOneOf("add", "update");
    }

    [Fact]
    public Task A_hang_times_out_and_leaves_no_gemini_process_anywhere() =>
        RealCliScenarios.HangLeavesNoProcessAnywhereAsync(H, GeminiRealCli.Agent(H.Server), "GEMINI_CLI_HOME=" + Path.Combine(H.Home, "gemini"));

    /// <summary>The last user text part of a Gemini request, after the session context part Gemini adds.</summary>
    private static string? LastPrompt(JsonNode body) => body["contents"]!.AsArray()
        .Where(c => (string?)c!["role"] == "user")
        .SelectMany(c => c!["parts"]!.AsArray())
        .Select(p => (string?)p!["text"])
        .LastOrDefault(t => t is not null && !t.StartsWith("<session_context>", StringComparison.Ordinal));
}
