using Baton.Agents.Claude;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Testing;

namespace Baton.Agents.Tests.Claude;

public sealed class ClaudeAdapterLaunchTests : IDisposable
{
    private const string Secret = "sk-ant-secret-41c2";
    private readonly string _root = TempDir.Create("claude-launch");
    private readonly string _claude;

    public ClaudeAdapterLaunchTests() => _claude = StandInExecutable.Create(Path.Combine(_root, "bin"), "claude");

    private string Home => Path.Combine(_root, "home");

    private AgentConfig Agent => new() { Name = "writer", Kind = AgentKind.Claude, Command = _claude };

    private AgentTurn Turn(AgentConfig? agent = null, string prompt = "Fix the bug") => Turns.For(agent ?? Agent, "/work/ws", prompt, Home);

    private static async Task<ScriptedProcessRunner> LaunchAsync(AgentTurn turn)
    {
        var runner = new ScriptedProcessRunner(StreamFixture.Lines("claude", "hand-shell.jsonl"));
        await new ClaudeAdapter(runner).RunTurnAsync(turn, new RecordingSink(), CancellationToken.None);
        return runner;
    }

    [Fact]
    public async Task By_default_the_prompt_goes_over_the_control_protocol_and_only_reads_run_without_asking()
    {
        var runner = await LaunchAsync(Turn(prompt: "-Fix the \"bug\""));

        runner.Spec!.FileName.ShouldBe(_claude);
        runner.Spec.WorkingDirectory.ShouldBe("/work/ws");
        runner.Spec.Arguments.ShouldBe([
            "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
            "--permission-prompt-tool", "stdio", "--permission-mode", "default", "--allowedTools", "Read,Glob,Grep"]);
        runner.Spec.Input.ShouldNotBeNull();
        var first = System.Text.Json.Nodes.JsonNode.Parse(runner.StdinLines.ShouldHaveSingleItem())!;
        ((string?)first["type"]).ShouldBe("user");
        ((string?)first["message"]!["content"]).ShouldBe("-Fix the \"bug\"");
    }

    [Fact]
    public async Task Asking_model_resume_and_the_agents_args_follow_the_protocol_flags()
    {
        var agent = Agent with { Model = "claude-sonnet-4-5", Args = ["--max-turns", "30"] };

        var runner = await LaunchAsync(Turn(agent) with { SessionId = "5c205780-5043-448d-9056-2d04cc19a489" });

        string.Join(' ', runner.Spec!.Arguments).ShouldEndWith(
            "--model claude-sonnet-4-5 --resume 5c205780-5043-448d-9056-2d04cc19a489 --max-turns 30");
    }

    [Fact]
    public async Task Exec_mode_streams_json_in_the_workspace_with_edits_accepted_and_shell_allowed()
    {
        var runner = await LaunchAsync(Turn(Agent with { Mode = AgentMode.Exec }));

        runner.Spec!.Arguments.ShouldBe([
            "-p", "--output-format", "stream-json", "--verbose",
            "--permission-mode", "acceptEdits", "--allowedTools", "Bash,Read,Glob,Grep", "--", "Fix the bug"]);
        runner.Spec.Input.ShouldBeNull();
    }

    [Fact]
    public async Task Exec_mode_puts_model_resume_and_the_agents_args_before_the_prompt_which_comes_last()
    {
        var agent = Agent with { Model = "claude-sonnet-4-5", Args = ["--max-turns", "30"], Mode = AgentMode.Exec };

        var runner = await LaunchAsync(Turn(agent, "-starts with a dash") with { SessionId = "5c205780-5043-448d-9056-2d04cc19a489" });

        runner.Spec!.Arguments.ShouldBe([
            "-p", "--output-format", "stream-json", "--verbose", "--model", "claude-sonnet-4-5",
            "--resume", "5c205780-5043-448d-9056-2d04cc19a489", "--permission-mode", "acceptEdits", "--allowedTools", "Bash,Read,Glob,Grep",
            "--max-turns", "30", "--", "-starts with a dash"]);
    }

    [Theory]
    [InlineData("read-only", "--permission-mode default --allowedTools Read,Glob,Grep", false)]
    [InlineData("danger-full-access", "--permission-mode bypassPermissions", true)]
    public async Task A_sandbox_that_asks_nothing_runs_one_shot(string sandbox, string flags, bool claimsSandbox)
    {
        var runner = await LaunchAsync(Turn(Agent with { Sandbox = sandbox }));

        string.Join(' ', runner.Spec!.Arguments).ShouldContain(flags);
        runner.Spec.Arguments.ShouldNotContain("--permission-prompt-tool");
        runner.Spec.Environment.ContainsKey("IS_SANDBOX").ShouldBe(claimsSandbox);
    }

    [Fact]
    public async Task The_environment_isolates_its_config_and_turns_off_everything_but_model_requests()
    {
        var env = (await LaunchAsync(Turn())).Spec!.Environment;

        env["CLAUDE_CONFIG_DIR"].ShouldBe(Path.Combine(Home, "claude"));
        env["HOME"].ShouldBe(Path.Combine(Home, "home"));
        env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"].ShouldBe("1");
        env["DISABLE_AUTOUPDATER"].ShouldBe("1");
        env["DISABLE_TELEMETRY"].ShouldBe("1");
        env["CLAUDE_CODE_MAX_RETRIES"].ShouldBe("2");
        env.Keys.ShouldNotContain("ANTHROPIC_BASE_URL");
        env.Keys.ShouldNotContain("ANTHROPIC_API_KEY");
    }

    [Fact]
    public async Task The_agents_env_sets_its_own_retries()
    {
        var agent = Agent with { Env = new Dictionary<string, string> { ["CLAUDE_CODE_MAX_RETRIES"] = "0" } };

        (await LaunchAsync(Turn(agent))).Spec!.Environment["CLAUDE_CODE_MAX_RETRIES"].ShouldBe("0");
    }

    [Fact]
    public async Task Base_url_and_key_go_to_the_variables_claude_reads_and_the_key_nowhere_else()
    {
        var agent = Agent with { BaseUrl = "http://127.0.0.1:9" };

        var runner = await LaunchAsync(Turn(agent) with { ApiKey = new AgentSecret(Secret), SessionId = "s" });

        runner.Spec!.Environment["ANTHROPIC_BASE_URL"].ShouldBe("http://127.0.0.1:9");
        runner.Spec.Environment["ANTHROPIC_API_KEY"].ShouldBe(Secret);
        runner.Spec.Arguments.ShouldNotContain(a => a.Contains(Secret, StringComparison.Ordinal));
        Directory.EnumerateFiles(Home, "*", SearchOption.AllDirectories).ShouldNotContain(f => File.ReadAllText(f).Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_base_url_without_a_key_gets_a_placeholder_key_so_claude_starts()
    {
        var runner = await LaunchAsync(Turn(Agent with { BaseUrl = "http://127.0.0.1:9" }));

        runner.Spec!.Environment["ANTHROPIC_API_KEY"].ShouldBe(ClaudeAdapter.NoKey);
    }

    public void Dispose() => TempDir.Delete(_root);
}
