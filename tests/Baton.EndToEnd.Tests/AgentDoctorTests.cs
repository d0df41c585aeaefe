using System.Text.Json.Nodes;
using Baton.ModelServer;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary><c>baton doctor</c> on real agent CLIs: found, version, endpoint reachable, key set — and what to do when not.</summary>
[Trait("Category", "AgentCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class AgentDoctorTests
{
    private static async Task<List<JsonObject>> ChecksAsync(BatonProject p, Dictionary<string, string> env)
    {
        var result = await BatonCli.RunAsync(p.Path, env, TimeSpan.FromMinutes(1), "doctor", "--format", "json");
        return [.. JsonNode.Parse(result.Stdout)!.AsArray().Select(c => c!.AsObject())];
    }

    [Fact]
    public async Task Doctor_reports_each_agent_cli_with_its_version_and_a_reachable_endpoint()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = new BatonProject(AgentCliProject.AgentsYaml(server));

        var checks = await ChecksAsync(p, AgentCliProject.Environment());

        foreach (var cli in new[] { "codex", "claude", "gemini", "opencode" })
        {
            var index = checks.FindIndex(c => (string?)c["name"] == $"agent {cli}");
            index.ShouldBeGreaterThanOrEqualTo(0, $"doctor checks agent {cli}");
            ((string?)checks[index]["status"]).ShouldBe("ok", checks[index].ToJsonString());
            ((string?)checks[index]["detail"] ?? "").ShouldMatch(@"\d+\.\d+\.\d+");
            ((string?)checks[index + 1]["status"]).ShouldBe("ok", checks[index + 1].ToJsonString());
            ((string?)checks[index + 1]["detail"] ?? "").ShouldContain("answers");
        }

        foreach (var cli in new[] { "claude", "codex" })
        {
            ((string?)checks.Single(c => (string?)c["name"] == $"actions {cli}")["detail"]).ShouldNotBeNull().ShouldStartWith("asks first", customMessage: cli);
        }

        foreach (var cli in new[] { "gemini", "opencode" })
        {
            var actions = checks.Single(c => (string?)c["name"] == $"actions {cli}");
            ((string?)actions["status"]).ShouldBe("ok", actions.ToJsonString());
            ((string?)actions["detail"]).ShouldNotBeNull().ShouldStartWith("refused by its own", customMessage: cli);
            ((string?)actions["detail"]).ShouldNotBeNull().ShouldContain("checked after the fact too", customMessage: cli);
        }
    }

    [Fact]
    public async Task Doctor_says_what_to_do_about_a_missing_cli_a_dead_endpoint_and_an_unset_key()
    {
        using var p = new BatonProject("""
            version: 1
            agents:
              ghost: { kind: codex, command: /nonexistent/codex }
              dead: { kind: claude, command: "CLAUDE", base_url: "http://127.0.0.1:9", api_key_env: BATON_E2E_UNSET_KEY }
            """.Replace("CLAUDE", AgentClis.Path("claude"), StringComparison.Ordinal));

        var result = await BatonCli.RunAsync(p.Path, new Dictionary<string, string>(), TimeSpan.FromMinutes(1), "doctor");

        result.ExitCode.ShouldBe(1);
        var text = result.Stdout + result.Stderr;
        text.ShouldContain("agent ghost");
        text.ShouldContain("not found");
        text.ShouldContain("npm install -g @openai/codex");
        text.ShouldContain("connection refused");
        text.ShouldContain("BATON_E2E_UNSET_KEY is NOT set");
    }
}
