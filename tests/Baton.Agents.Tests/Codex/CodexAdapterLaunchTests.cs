using Baton.Agents.Codex;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Testing;

namespace Baton.Agents.Tests.Codex;

public sealed class CodexAdapterLaunchTests : IDisposable
{
    private const string Secret = "sk-secret-7f3a9c";
    private readonly string _root = TempDir.Create("codex-launch");
    private readonly string _codex;

    public CodexAdapterLaunchTests() => _codex = StandInExecutable.Create(Path.Combine(_root, "bin"), "codex");

    private string Home => Path.Combine(_root, "home");

    private AgentTurn Turn(AgentConfig? agent = null, string prompt = "Fix the bug") =>
        Turns.For(agent ?? new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = _codex, Mode = AgentMode.Exec }, "/work/ws", prompt, Home);

    private static async Task<(ScriptedProcessRunner Runner, AgentTurnResult Result, RecordingSink Sink)> RunAsync(AgentTurn turn, string fixture = "hand-shell.jsonl", int exitCode = 0, string[]? stderr = null)
    {
        var runner = new ScriptedProcessRunner(fixture.Length == 0 ? [] : StreamFixture.Lines("codex", fixture), exitCode, stderr);
        var sink = new RecordingSink();
        var result = await new CodexAdapter(runner).RunTurnAsync(turn, sink, CancellationToken.None);
        return (runner, result, sink);
    }

    [Fact]
    public async Task A_first_turn_runs_exec_json_in_the_workspace_with_the_workspace_write_sandbox()
    {
        var (runner, _, _) = await RunAsync(Turn());

        runner.Spec!.FileName.ShouldBe(_codex);
        runner.Spec.WorkingDirectory.ShouldBe("/work/ws");
        runner.Spec.Arguments.ShouldBe(["exec", "--json", "--skip-git-repo-check", "-C", "/work/ws", "--sandbox", "workspace-write", "--", "Fix the bug"]);
    }

    [Fact]
    public async Task Model_and_the_agents_args_come_before_resume_and_the_prompt_comes_last()
    {
        var agent = new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = _codex, Model = "gpt-5.5", Sandbox = "read-only", Args = ["-c", "model_reasoning_effort=\"high\""] };

        var (runner, _, _) = await RunAsync(Turn(agent, "--looks like a flag") with { SessionId = "01a2-thread" });

        runner.Spec!.Arguments.ShouldBe([
            "exec", "--json", "--skip-git-repo-check", "-C", "/work/ws", "--sandbox", "read-only", "-m", "gpt-5.5",
            "-c", "model_reasoning_effort=\"high\"", "resume", "01a2-thread", "--", "--looks like a flag"]);
    }

    [Fact]
    public async Task Codex_home_is_the_agents_own_and_its_config_turns_off_analytics_and_plugins()
    {
        var (runner, _, _) = await RunAsync(Turn());

        runner.Spec!.Environment["CODEX_HOME"].ShouldBe(Path.Combine(Home, "codex"));
        runner.Spec.Environment["HOME"].ShouldBe(Path.Combine(Home, "home"));
        var toml = File.ReadAllText(Path.Combine(Home, "codex", "config.toml"));
        toml.ShouldContain("[analytics]\nenabled = false");
        toml.ShouldContain("[features]\nplugins = false");
        toml.ShouldNotContain("model_provider");
    }

    [Fact]
    public async Task A_base_url_becomes_a_responses_provider_without_retries_that_reads_the_key_from_the_environment()
    {
        var agent = new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = _codex, BaseUrl = "http://127.0.0.1:9/v1" };

        var (runner, _, _) = await RunAsync(Turn(agent) with { ApiKey = new AgentSecret(Secret) });

        var toml = File.ReadAllText(Path.Combine(Home, "codex", "config.toml"));
        toml.ShouldStartWith("# Written by Baton");
        toml.ShouldContain("model_provider = \"baton\"\n");
        toml.ShouldContain("[model_providers.baton]\n");
        toml.ShouldContain("base_url = \"http://127.0.0.1:9/v1\"\n");
        toml.ShouldContain("wire_api = \"responses\"\n");
        toml.ShouldContain("request_max_retries = 0\nstream_max_retries = 0\n");
        toml.ShouldContain("env_key = \"BATON_CODEX_API_KEY\"\n");
        runner.Spec!.Environment["BATON_CODEX_API_KEY"].ShouldBe(Secret);
        runner.Spec.Environment.Keys.ShouldNotContain("OPENAI_API_KEY");
    }

    [Fact]
    public async Task The_api_key_is_only_in_the_environment_never_in_argv_or_a_written_file()
    {
        var agent = new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = _codex, BaseUrl = "http://127.0.0.1:9/v1" };

        var (runner, _, _) = await RunAsync(Turn(agent) with { ApiKey = new AgentSecret(Secret), SessionId = "t" });

        runner.Spec!.Arguments.ShouldNotContain(a => a.Contains(Secret, StringComparison.Ordinal));
        Directory.EnumerateFiles(Home, "*", SearchOption.AllDirectories).ShouldNotContain(f => File.ReadAllText(f).Contains(Secret, StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(Home, "codex", "config.toml")).ShouldContain("exclude = [\"BATON_CODEX_API_KEY\", \"CODEX_API_KEY\", \"OPENAI_API_KEY\"]");
    }

    [Fact]
    public async Task Without_a_base_url_the_built_in_provider_gets_the_key_in_the_variables_it_reads()
    {
        var (runner, _, _) = await RunAsync(Turn() with { ApiKey = new AgentSecret(Secret) });

        runner.Spec!.Environment["CODEX_API_KEY"].ShouldBe(Secret);
        runner.Spec.Environment["OPENAI_API_KEY"].ShouldBe(Secret);
        runner.Spec.Environment.Keys.ShouldNotContain("BATON_CODEX_API_KEY");
    }

    [Fact]
    public async Task Without_a_key_the_provider_names_no_key_variable()
    {
        // Codex fails a turn whose env_key variable is unset; a local server without auth needs none.
        var agent = new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = _codex, BaseUrl = "http://127.0.0.1:9/v1" };

        var (runner, _, _) = await RunAsync(Turn(agent));

        File.ReadAllText(Path.Combine(Home, "codex", "config.toml")).ShouldNotContain("env_key");
        runner.Spec!.Environment.Keys.ShouldNotContain(k => k.Contains("API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_agents_env_wins_over_the_adapters()
    {
        var agent = new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = _codex, Env = new Dictionary<string, string> { ["CODEX_HOME"] = "/elsewhere" } };

        var (runner, _, _) = await RunAsync(Turn(agent));

        runner.Spec!.Environment["CODEX_HOME"].ShouldBe("/elsewhere");
    }

    [Fact]
    public async Task A_prompt_too_long_for_argv_is_passed_as_a_pointer_to_the_prompt_file()
    {
        var (runner, _, _) = await RunAsync(Turn(prompt: new string('p', 200_000)));

        runner.Spec!.Arguments[^1].ShouldContain(Path.Combine(Home, "prompt.md"));
        runner.Spec.Arguments[^1].Length.ShouldBeLessThan(500);
    }

    public void Dispose() => TempDir.Delete(_root);
}
