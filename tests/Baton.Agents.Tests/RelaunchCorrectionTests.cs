using System.Text.Json.Nodes;
using Baton.Agents.Codex;
using Baton.Agents.Gemini;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;

namespace Baton.Agents.Tests;

/// <summary>
/// A turn relaunched after an untrusted-folder failure is launched differently — with the real CLIs, which must accept
/// the correction and finish the turn — and a first launch carries no such correction.
/// </summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class RelaunchCorrectionTests : IAsyncLifetime
{
    private readonly RealCliHarness _cli = new();

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    private static Func<AgentTurn, AgentTurn> Relaunched => t => t with { RecoveringFrom = AgentFailureKind.UntrustedDirectory };

    [Theory]
    [InlineData(AgentMode.Exec)]
    [InlineData(AgentMode.Ask)]
    public async Task Codex_relaunched_marks_the_workspace_trusted_in_its_config_and_the_turn_runs(AgentMode mode)
    {
        var adapter = new CodexAdapter(new Baton.Processes.ProcessRunner());
        var agent = RealCliAgents.Codex(_cli.Server.BaseUrl) with { Mode = mode };
        var config = Path.Combine(_cli.HomeOf(agent), "codex", "config.toml");

        // (Codex's app-server records trust in the same file itself after a turn, so the first launch is judged by what Baton writes.)
        CodexConfig.Render(agent, hasApiKey: true).ShouldNotContain("trust_level");

        var (again, _) = await _cli.TurnAsync(adapter, agent, "Say hello", Relaunched);

        again.Succeeded.ShouldBeTrue(again.Error);
        File.ReadAllText(config).ShouldContain($"[projects.\"{_cli.Workspace}\"]\ntrust_level = \"trusted\"");
        adapter.CorrectionFor(AgentFailureKind.UntrustedDirectory).ShouldNotBeNull();
        adapter.CorrectionFor(AgentFailureKind.AuthFailed).ShouldBeNull();
    }

    [Fact]
    public async Task Gemini_relaunched_reads_a_trusted_folders_file_naming_the_workspace_and_the_turn_runs()
    {
        var adapter = new GeminiAdapter(new Baton.Processes.ProcessRunner());
        var agent = RealCliAgents.Gemini(_cli.Server.BaseUrl);
        var trusted = Path.Combine(_cli.HomeOf(agent), "gemini", "trustedFolders.json");

        var (first, _) = await _cli.TurnAsync(adapter, agent, "Say hello");
        first.Succeeded.ShouldBeTrue(first.Error);
        File.Exists(trusted).ShouldBeFalse();

        var (again, _) = await _cli.TurnAsync(adapter, agent, "Say hello", Relaunched);

        again.Succeeded.ShouldBeTrue(again.Error);
        JsonNode.Parse(File.ReadAllText(trusted))![_cli.Workspace]!.GetValue<string>().ShouldBe("TRUST_FOLDER");
    }
}
