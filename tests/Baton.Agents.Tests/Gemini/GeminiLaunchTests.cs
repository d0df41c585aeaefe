using System.Text.Json.Nodes;
using Baton.Agents.Gemini;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Processes;
using Baton.Testing;

namespace Baton.Agents.Tests.Gemini;

/// <summary>The argv, environment and files a Gemini turn produces, checked without the real CLI.</summary>
public sealed class GeminiLaunchTests : IDisposable
{
    private static readonly string[] BatonFlags = ["-o", "stream-json", "--skip-trust", "--approval-mode", "yolo"];

    private readonly FakeCli _cli = new("gemini");

    public void Dispose() => _cli.Dispose();

    private static AgentConfig Agent(Func<AgentConfig, AgentConfig>? change = null)
    {
        var agent = new AgentConfig { Name = "gem", Kind = AgentKind.Gemini };
        return change is null ? agent : change(agent);
    }

    private async Task<(ProcessSpec Spec, AgentTurnResult Result, RecordingSink Sink)> LaunchAsync(AgentTurn turn, ScriptedProcessRunner? runner = null)
    {
        runner ??= new ScriptedProcessRunner();
        var sink = new RecordingSink();
        var result = await new GeminiAdapter(runner).RunTurnAsync(turn, sink, CancellationToken.None);
        return (runner.Spec.ShouldNotBeNull(), result, sink);
    }

    private static IReadOnlyList<string> CliArgs(ProcessSpec spec) => spec.Arguments.Skip(5).ToList();

    [Fact]
    public async Task A_turn_runs_gemini_headless_through_sh_with_the_prompt_file_on_stdin()
    {
        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent()));

        spec.FileName.ShouldBe("/bin/sh");
        spec.Arguments.Take(5).ShouldBe(["-c", "prompt=\"$1\"; shift; exec \"$@\" < \"$prompt\"", "sh", _cli.PromptFile, _cli.Executable]);
        CliArgs(spec).ShouldBe(BatonFlags);
        spec.WorkingDirectory.ShouldBe(_cli.Workspace);
        File.ReadAllText(_cli.PromptFile).ShouldBe("Say hello", "a missing prompt file is written from the turn");
    }

    [Fact]
    public async Task Model_and_resumed_session_follow_batons_flags_and_the_agents_args_come_last()
    {
        var agent = Agent(a => a with { Model = "gemini-2.5-flash", Args = ["--include-directories", "/data"] });

        var (spec, _, _) = await LaunchAsync(_cli.Turn(agent, session: "5f0c-session"));

        CliArgs(spec).ShouldBe([.. BatonFlags, "-m", "gemini-2.5-flash", "--resume", "5f0c-session", "--include-directories", "/data"]);
    }

    [Fact]
    public async Task The_environment_isolates_gemini_and_points_it_at_the_base_url_with_the_key()
    {
        var agent = Agent(a => a with { BaseUrl = "http://127.0.0.1:9/", Env = new Dictionary<string, string> { ["EXTRA"] = "1" } });

        var (spec, _, _) = await LaunchAsync(_cli.Turn(agent, key: new AgentSecret("sk-gemini-secret")));

        var env = spec.Environment;
        env["GEMINI_CLI_HOME"].ShouldBe(Path.Combine(_cli.Home, "gemini"));
        env["HOME"].ShouldBe(Path.Combine(_cli.Home, "home"));
        (env["GEMINI_CLI_NO_RELAUNCH"], env["GEMINI_CLI_TRUST_WORKSPACE"]).ShouldBe(("true", "true"));
        env["GOOGLE_GEMINI_BASE_URL"].ShouldBe("http://127.0.0.1:9");
        env["GEMINI_API_KEY"].ShouldBe("sk-gemini-secret");
        env["TMPDIR"].ShouldStartWith(Path.Combine(_cli.Home, "gemini"));
        env["EXTRA"].ShouldBe("1");
        env["PATH"].ShouldStartWith(_cli.Bin);
    }

    [Fact]
    public async Task Without_a_base_url_or_key_gemini_gets_neither_variable()
    {
        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent()));

        spec.Environment.Keys.ShouldNotContain("GOOGLE_GEMINI_BASE_URL");
        spec.Environment.Keys.ShouldNotContain("GEMINI_API_KEY");
    }

    [Fact]
    public async Task The_api_key_is_only_in_the_environment_never_in_argv_or_a_file()
    {
        const string Key = "sk-gemini-do-not-leak-42";

        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent(a => a with { BaseUrl = "http://127.0.0.1:9" }), key: new AgentSecret(Key)));

        spec.Arguments.ShouldAllBe(a => !a.Contains(Key, StringComparison.Ordinal));
        _cli.Files.ShouldNotBeEmpty();
        foreach (var file in _cli.Files)
        {
            File.ReadAllText(file).ShouldNotContain(Key, customMessage: file);
        }
    }

    [Fact]
    public async Task Settings_select_api_key_auth_and_turn_off_telemetry_updates_and_long_retries_and_are_rewritten_each_turn()
    {
        var settingsFile = GeminiSettings.PathIn(Path.Combine(_cli.Home, "gemini"));
        await LaunchAsync(_cli.Turn(Agent()));
        File.WriteAllText(settingsFile, """{"security":{"auth":{"selectedType":"oauth-personal"}}}""");

        await LaunchAsync(_cli.Turn(Agent()));

        var settings = JsonNode.Parse(File.ReadAllText(settingsFile))!;
        ((string?)settings["security"]!["auth"]!["selectedType"]).ShouldBe("gemini-api-key");
        ((bool?)settings["privacy"]!["usageStatisticsEnabled"], (bool?)settings["telemetry"]!["enabled"]).ShouldBe((false, false));
        ((bool?)settings["general"]!["enableAutoUpdate"]).ShouldBe(false);
        ((int?)settings["general"]!["maxAttempts"]).ShouldBe(GeminiSettings.DefaultMaxAttempts);
    }

    [Fact]
    public async Task The_agent_env_can_set_how_often_gemini_retries_a_model_call()
    {
        var agent = Agent(a => a with { Env = new Dictionary<string, string> { [GeminiSettings.MaxAttemptsVariable] = "1" } });

        await LaunchAsync(_cli.Turn(agent));

        var settings = JsonNode.Parse(File.ReadAllText(GeminiSettings.PathIn(Path.Combine(_cli.Home, "gemini"))))!;
        ((int?)settings["general"]!["maxAttempts"]).ShouldBe(1);
    }

    [Fact]
    public async Task The_command_policy_becomes_a_policy_file_of_deny_rules_named_on_the_command_line()
    {
        var turn = _cli.Turn(Agent()) with { Commands = new CommandRules { Blocked = ["touch forbidden", " "], Confirm = ["git push"] } };

        var (spec, _, _) = await LaunchAsync(turn);

        var policy = GeminiPolicy.PathIn(Path.Combine(_cli.Home, "gemini"));
        CliArgs(spec).ShouldBe([.. BatonFlags, "--policy", policy]);
        var toml = File.ReadAllText(policy);
        toml.Split("[[rule]]").Length.ShouldBe(3, "one rule per pattern that says something: " + toml);
        toml.ShouldContain($"commandRegex = '{GeminiCommandRegex.For("touch forbidden")}'");
        toml.ShouldContain("toolName = \"run_shell_command\"\ncommandRegex");
        toml.ShouldContain("decision = \"deny\"\npriority = 999\n");
        toml.ShouldContain("denyMessage = \"Refused by Baton: `touch forbidden` is in policy.blocked_commands.");
        toml.ShouldContain("`git push` is in policy.confirm_commands, so a person must say yes first, and this agent cannot ask one.");
    }

    [Fact]
    public async Task Without_patterns_to_refuse_there_is_no_policy_file_and_a_stale_one_is_removed()
    {
        await LaunchAsync(_cli.Turn(Agent()) with { Commands = new CommandRules { Blocked = ["mkfs"] } });

        var (spec, _, _) = await LaunchAsync(_cli.Turn(Agent()));

        CliArgs(spec).ShouldBe(BatonFlags);
        File.Exists(GeminiPolicy.PathIn(Path.Combine(_cli.Home, "gemini"))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_policy_rule_is_written_so_toml_and_geminis_regex_check_both_accept_it()
    {
        var turn = _cli.Turn(Agent()) with { Commands = new CommandRules { Blocked = ["it's \"quoted\" \\ (a+b)?"] } };

        await LaunchAsync(turn);

        var regex = GeminiCommandRegex.For("it's \"quoted\" \\ (a+b)?");
        regex.ShouldNotContain("'");
        File.ReadAllText(GeminiPolicy.PathIn(Path.Combine(_cli.Home, "gemini"))).ShouldContain($"commandRegex = '{regex}'");
        System.Text.RegularExpressions.Regex.IsMatch("\"command\":\"" + regex, @"\([^)]*[*+?{].*\)[*+?{]").ShouldBeFalse(regex);
    }

    [Theory]
    [InlineData(GeminiAdapter.UntrustedExitCode, AgentFailureKind.UntrustedDirectory)]
    [InlineData(GeminiAdapter.AuthExitCode, AgentFailureKind.AuthFailed)]
    [InlineData(1, AgentFailureKind.Unknown)]
    public async Task Geminis_own_exit_codes_name_the_failure(int exitCode, AgentFailureKind failure)
    {
        var (_, result, sink) = await LaunchAsync(_cli.Turn(Agent()), new ScriptedProcessRunner(exitCode: exitCode));

        (result.Succeeded, result.Failure).ShouldBe((false, failure));
        result.Error.ShouldNotBeNull().ShouldContain($"exited {exitCode}");
        sink.Events.ShouldContain(e => e.Type == EventType.AgentError && (bool?)e.Data["fatal"] == true);
    }

    [Theory]
    [InlineData("Error resuming session: Invalid session identifier \"1111\".")]
    [InlineData("Error resuming session: No previous sessions found for this project.")]
    public async Task A_session_gemini_cannot_resume_is_a_stale_session(string stderr)
    {
        var runner = new ScriptedProcessRunner(exitCode: 42, stderr: [stderr]);

        var (_, result, _) = await LaunchAsync(_cli.Turn(Agent(), session: "1111"), runner);

        result.Failure.ShouldBe(AgentFailureKind.StaleSession);
    }

    [Fact]
    public async Task A_relaunch_after_an_untrusted_directory_still_trusts_the_workspace()
    {
        var turn = _cli.Turn(Agent()) with { RecoveringFrom = AgentFailureKind.UntrustedDirectory };

        var (spec, _, _) = await LaunchAsync(turn);

        CliArgs(spec).ShouldContain("--skip-trust");
        spec.Environment["GEMINI_CLI_TRUST_WORKSPACE"].ShouldBe("true");
    }

    [Fact]
    public async Task A_recorded_stream_becomes_a_successful_turn_with_session_message_and_usage()
    {
        var runner = new ScriptedProcessRunner(StreamReplay.Recorded("gemini", "shell"), 0);

        var (_, result, sink) = await LaunchAsync(_cli.Turn(Agent()), runner);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.SessionId.ShouldBe("06275383-a0f1-49d1-81d8-c57252775bf1");
        result.FinalMessage.ShouldBe("Done. I ran the command and it succeeded.");
        result.Usage.ShouldBe(new AgentUsage { InputTokens = 300, OutputTokens = 30 });
        sink.Events.Select(e => e.Type).ShouldBe([EventType.AgentSession, EventType.AgentRaw, EventType.AgentCommand, EventType.AgentCommand, EventType.AgentMessage, EventType.AgentUsage]);
    }
}
