using System.Text.Json.Nodes;
using Baton.Agents.Opencode;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Processes;

namespace Baton.Agents.Tests.Opencode;

/// <summary>The argv, environment and config file an opencode turn produces, checked without the real CLI.</summary>
public sealed class OpencodeLaunchTests : IDisposable
{
    private readonly FakeCli _cli = new("opencode");

    public void Dispose() => _cli.Dispose();

    private static AgentConfig Agent(string? model = null, string? baseUrl = null) =>
        new() { Name = "oc", Kind = AgentKind.Opencode, Model = model, BaseUrl = baseUrl };

    private string ConfigFile => Path.Combine(_cli.Home, "opencode", "opencode.json");

    private JsonNode Config => JsonNode.Parse(File.ReadAllText(ConfigFile))!;

    private async Task<(ProcessSpec Spec, AgentTurnResult Result, RecordingSink Sink)> LaunchAsync(AgentTurn turn, ScriptedProcessRunner? runner = null)
    {
        runner ??= new ScriptedProcessRunner();
        var sink = new RecordingSink();
        var result = await new OpencodeAdapter(runner).RunTurnAsync(turn, sink, CancellationToken.None);
        return (runner.Spec.ShouldNotBeNull(), result, sink);
    }

    private static IReadOnlyList<string> CliArgs(ProcessSpec spec) => spec.Arguments.Skip(5).ToList();

    [Fact]
    public async Task A_turn_runs_opencode_run_with_json_output_and_no_message_words_the_prompt_on_stdin()
    {
        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent()));

        spec.FileName.ShouldBe("/bin/sh");
        spec.Arguments.Take(5).ShouldBe(["-c", "prompt=\"$1\"; shift; exec \"$@\" < \"$prompt\"", "sh", _cli.PromptFile, _cli.Executable]);
        CliArgs(spec).ShouldBe(["run", "--format", "json"]);
        spec.WorkingDirectory.ShouldBe(_cli.Workspace);
    }

    [Fact]
    public async Task Model_and_session_come_before_the_agents_own_args()
    {
        var agent = Agent("anthropic/claude-sonnet-4-5") with { Args = ["--agent", "build"] };

        var (spec, _, _) = await LaunchAsync(_cli.Turn(agent, session: "ses_abc"));

        CliArgs(spec).ShouldBe(["run", "--format", "json", "-m", "anthropic/claude-sonnet-4-5", "--session", "ses_abc", "--agent", "build"]);
    }

    [Theory]
    [InlineData("fake-model", "http://127.0.0.1:9/v1", "baton/fake-model")]
    [InlineData("baton/fake-model", "http://127.0.0.1:9/v1", "baton/fake-model")]
    [InlineData("openai/gpt-5", "http://127.0.0.1:9/v1", "openai/gpt-5")]
    [InlineData("openai/gpt-5", null, "openai/gpt-5")]
    [InlineData("bare-model", null, "bare-model")]
    public async Task The_model_is_provider_slash_model_with_batons_provider_for_a_bare_name_and_a_base_url(string model, string? baseUrl, string expected)
    {
        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent(model, baseUrl)));

        CliArgs(spec).ShouldBe(["run", "--format", "json", "-m", expected]);
        ((string?)Config["model"], (string?)Config["small_model"]).ShouldBe((expected, expected));
    }

    [Fact]
    public async Task A_base_url_gets_an_openai_compatible_provider_whose_key_is_read_from_the_environment()
    {
        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent("fake-model", "http://127.0.0.1:9/v1/"), key: new AgentSecret("sk-oc-secret")));

        var provider = Config["provider"]!["baton"]!;
        ((string?)provider["npm"]).ShouldBe("@ai-sdk/openai-compatible");
        ((string?)provider["options"]!["baseURL"]).ShouldBe("http://127.0.0.1:9/v1");
        ((string?)provider["options"]!["apiKey"]).ShouldBe("{env:BATON_OPENCODE_API_KEY}");
        ((bool?)provider["models"]!["fake-model"]!["tool_call"]).ShouldBe(true);
        spec.Environment[OpencodeConfig.ApiKeyVariable].ShouldBe("sk-oc-secret");
    }

    [Fact]
    public async Task A_key_for_a_provider_opencode_knows_is_given_through_that_providers_options()
    {
        await LaunchAsync(_cli.Turn(Agent("anthropic/claude-sonnet-4-5"), key: new AgentSecret("sk-ant")));

        var provider = Config["provider"]!["anthropic"]!.AsObject();
        provider.Select(p => p.Key).ShouldBe(["options"], "a known provider keeps its own SDK and models");
        ((string?)provider["options"]!["apiKey"]).ShouldBe("{env:BATON_OPENCODE_API_KEY}");
    }

    [Fact]
    public async Task The_config_turns_off_updates_and_sharing_and_allows_bash_and_edits_and_is_rewritten_each_turn()
    {
        await LaunchAsync(_cli.Turn(Agent()));
        File.WriteAllText(ConfigFile, """{"share":"auto"}""");

        await LaunchAsync(_cli.Turn(Agent()));

        ((bool?)Config["autoupdate"], (string?)Config["share"]).ShouldBe((false, "disabled"));
        ((string?)Config["permission"]!["bash"], (string?)Config["permission"]!["edit"]).ShouldBe(("allow", "allow"));
        Config["provider"].ShouldBeNull();
    }

    [Fact]
    public async Task The_command_policy_becomes_bash_rules_that_allow_all_but_deny_its_patterns_in_the_config_and_the_permission_variable()
    {
        var turn = _cli.Turn(Agent()) with { Commands = new CommandRules { Blocked = ["dd if="], Confirm = ["curl * | sh"] } };

        var (spec, _, _) = await LaunchAsync(turn);

        var bash = Config["permission"]!["bash"]!.AsObject();
        bash.Select(r => (r.Key, (string?)r.Value)).ShouldBe([("*", "allow"), ("*dd if=*", "deny"), ("*curl*| sh*", "deny")], "in order: opencode's last matching rule wins");
        ((string?)Config["permission"]!["edit"]).ShouldBe("allow");
        var permission = JsonNode.Parse(spec.Environment[OpencodeConfig.PermissionVariable])!;
        permission.ToJsonString().ShouldBe(new JsonObject { ["bash"] = bash.DeepClone() }.ToJsonString());
    }

    [Fact]
    public async Task A_pattern_that_must_end_where_a_word_ends_is_denied_with_each_ending_a_glob_can_say()
    {
        await LaunchAsync(_cli.Turn(Agent()) with { Commands = new CommandRules { Blocked = ["rm -rf /"] } });

        var globs = Config["permission"]!["bash"]!.AsObject().Select(r => r.Key).Skip(1).ToList();
        globs.ShouldContain("*rm -rf /");
        globs.ShouldContain("*rm -rf / *");
        globs.ShouldContain("*rm -rf /.*");
        globs.ShouldContain("*rm -rf /\"*");
        globs.ShouldNotContain("*rm -rf /*", "it would refuse rm -rf /tmp/x, which Baton allows");
    }

    [Fact]
    public async Task Without_patterns_to_refuse_bash_is_simply_allowed_and_the_permission_variable_is_not_set()
    {
        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent()));

        ((string?)Config["permission"]!["bash"]).ShouldBe("allow");
        spec.Environment.Keys.ShouldNotContain(OpencodeConfig.PermissionVariable);
    }

    [Fact]
    public async Task The_environment_keeps_opencodes_config_data_cache_and_state_in_the_agent_home_and_offline()
    {
        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent()));

        var root = Path.Combine(_cli.Home, "opencode");
        spec.Environment["OPENCODE_CONFIG"].ShouldBe(ConfigFile);
        foreach (var (variable, dir) in new[] { ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state") })
        {
            spec.Environment[variable].ShouldBe(Path.Combine(root, dir));
        }

        foreach (var flag in new[] { "OPENCODE_DISABLE_MODELS_FETCH", "OPENCODE_DISABLE_AUTOUPDATE", "OPENCODE_DISABLE_LSP_DOWNLOAD" })
        {
            spec.Environment[flag].ShouldBe("1");
        }

        spec.Environment.Keys.ShouldNotContain(OpencodeConfig.ApiKeyVariable);
    }

    [Fact]
    public async Task The_api_key_is_only_in_the_environment_never_in_argv_or_a_file()
    {
        const string Key = "sk-opencode-do-not-leak-42";

        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent("m", "http://127.0.0.1:9/v1"), key: new AgentSecret(Key)));

        spec.Arguments.ShouldAllBe(a => !a.Contains(Key, StringComparison.Ordinal));
        _cli.Files.ShouldContain(ConfigFile);
        foreach (var file in _cli.Files)
        {
            File.ReadAllText(file).ShouldNotContain(Key, customMessage: file);
        }
    }

    [Fact]
    public async Task An_unknown_session_on_stderr_is_a_stale_session()
    {
        var runner = new ScriptedProcessRunner(exitCode: 1, stderr: ["\u001b[91m\u001b[1mError: \u001b[0mSession not found"]);

        var (_, result, _) = await LaunchAsync(_cli.Turn(Agent(), session: "ses_gone"), runner);

        (result.Succeeded, result.Failure).ShouldBe((false, AgentFailureKind.StaleSession));
        result.Error.ShouldNotBeNull().ShouldContain("Session not found");
    }

    [Fact]
    public async Task A_recorded_401_stream_is_an_auth_failure_with_the_servers_message()
    {
        var runner = new ScriptedProcessRunner(StreamReplay.Recorded("opencode", "error401"), 1);

        var (_, result, sink) = await LaunchAsync(_cli.Turn(Agent()), runner);

        (result.Succeeded, result.Failure).ShouldBe((false, AgentFailureKind.AuthFailed));
        result.Error.ShouldNotBeNull().ShouldContain("scripted model server forced HTTP 401");
        result.SessionId.ShouldBe("ses_dfd811660ffe2i2uXthSSD4xWl");
        sink.Events.Count(e => e.Type == EventType.AgentError).ShouldBe(2, "the stream's error, then the turn's verdict");
    }

    [Fact]
    public async Task A_recorded_shell_stream_is_a_successful_turn_with_its_command_and_summed_usage()
    {
        var runner = new ScriptedProcessRunner(StreamReplay.Recorded("opencode", "shell"), 0);

        var (_, result, sink) = await LaunchAsync(_cli.Turn(Agent()), runner);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Usage.ShouldBe(new AgentUsage { InputTokens = 200, OutputTokens = 20, CostUsd = 0 });
        sink.Events.Select(e => e.Type).ShouldBe([EventType.AgentSession, EventType.AgentCommand, EventType.AgentMessage, EventType.AgentUsage]);
    }
}
