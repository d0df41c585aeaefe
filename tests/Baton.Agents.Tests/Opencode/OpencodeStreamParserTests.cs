using Baton.Agents.Cli;
using Baton.Agents.Opencode;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Opencode;

/// <summary>The opencode parser over real recorded streams (Streams/opencode; hand-* were recorded against a stand-in server).</summary>
public class OpencodeStreamParserTests
{
    private static StreamReplay Recording(string name) =>
        StreamReplay.Run(new OpencodeStreamParser(), StreamReplay.Recorded("opencode", name));

    private static StreamReplay Lines(params string[] lines) => StreamReplay.Run(new OpencodeStreamParser(), lines);

    private static string Finish(string reason, string tokens = """{"input":1,"output":1}""", string cost = "0") =>
        $$$"""{"type":"step_finish","sessionID":"ses_1","part":{"type":"step-finish","reason":"{{{reason}}}","tokens":{{{tokens}}},"cost":{{{cost}}}}}""";

    private static string Tool(string tool, string state) =>
        $$$"""{"type":"tool_use","sessionID":"ses_1","part":{"type":"tool","tool":"{{{tool}}}","callID":"call_1","state":{{{state}}}}}""";

    [Theory]
    [InlineData("text")]
    [InlineData("shell")]
    [InlineData("write")]
    [InlineData("resume")]
    [InlineData("error401")]
    [InlineData("hand-shell-exit3")]
    [InlineData("hand-write-existing")]
    [InlineData("hand-edit")]
    [InlineData("hand-edit-missing")]
    [InlineData("hand-unreachable")]
    [InlineData("adapter-policy-refused")]
    public void Every_line_of_a_recorded_stream_is_accounted_for(string name)
    {
        var replay = Recording(name);

        // Silent lines are step boundaries: a start carries nothing to report, a finish the usage and the verdict.
        replay.Steps.Where(s => s.Events.Count == 0).ShouldAllBe(s => StreamReplay.TypeOf(s.Line) == "step_start" || StreamReplay.TypeOf(s.Line) == "step_finish");
        replay.Of(EventType.AgentRaw).ShouldBeEmpty();
        replay.Parser.SessionId.ShouldNotBeNull().ShouldStartWith("ses_");
        replay.Parser.Verdict.ShouldNotBe(StreamVerdict.Pending);
    }

    [Fact]
    public void A_text_answer_is_a_message_and_a_stop_step_succeeds_with_its_usage()
    {
        var replay = Recording("text");

        var text = "Hello from the scripted model. user_msgs=1 last='Say hello'";
        ((string?)replay.Of(EventType.AgentMessage).ShouldHaveSingleItem()["text"]).ShouldBe(text);
        replay.Parser.FinalMessage.ShouldBe(text);
        replay.Parser.SessionId.ShouldBe("ses_dfd81fe4effekMD7BCaP4bEie2");
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
        replay.Parser.Usage.ShouldBe(new AgentUsage { InputTokens = 100, OutputTokens = 10, CostUsd = 0 });
    }

    [Fact]
    public void A_resumed_stream_keeps_the_first_turns_session()
    {
        Recording("resume").Parser.SessionId.ShouldBe(Recording("text").Parser.SessionId);
    }

    [Fact]
    public void A_shell_command_is_one_finished_command_and_usage_is_summed_over_the_steps()
    {
        var replay = Recording("shell");

        var command = replay.Of(EventType.AgentCommand).ShouldHaveSingleItem();
        ((string?)command["command"], (string?)command["status"], (int?)command["exit_code"]).ShouldBe(("echo hi > out.txt", "completed", 0));
        ((string?)command["id"]).ShouldBe("call_8cdd6aeaf0e740469756");
        replay.Parser.Usage.ShouldBe(new AgentUsage { InputTokens = 200, OutputTokens = 20, CostUsd = 0 });
        replay.Parser.FinalMessage.ShouldBe("Done. I ran the command and it succeeded.");
    }

    [Fact]
    public void A_command_a_permission_rule_denied_is_declined_with_the_error_the_model_read()
    {
        var replay = Recording("adapter-policy-refused");

        var command = replay.Of(EventType.AgentCommand).ShouldHaveSingleItem();
        ((string?)command["command"], (string?)command["status"]).ShouldBe(("touch forbidden.txt", "declined"));
        ((string?)command["output"]).ShouldNotBeNull().ShouldStartWith("The user has specified a rule which prevents you from using this specific tool call.");
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
    }

    [Theory]
    [InlineData("The user rejected permission to use this specific tool call.", "declined")]
    [InlineData("Command failed: no such file", "failed")]
    public void A_tool_error_is_declined_only_when_opencode_refused_the_permission(string error, string status)
    {
        var replay = Lines(Tool("bash", $$"""{"status":"error","input":{"command":"ls"},"error":"{{error}}"}"""));

        ((string?)replay.Of(EventType.AgentCommand).ShouldHaveSingleItem()["status"]).ShouldBe(status);
    }

    [Fact]
    public void A_command_that_exits_non_zero_failed_with_its_exit_code_and_output()
    {
        var command = Recording("hand-shell-exit3").Of(EventType.AgentCommand).ShouldHaveSingleItem();

        ((string?)command["status"], (int?)command["exit_code"], (string?)command["output"]).ShouldBe(("failed", 3, "out\nerr\n"));
    }

    [Theory]
    [InlineData("write", "/work/modelscratch/runs/opencode/ws/written.txt", "add")]
    [InlineData("hand-write-existing", "/tmp/ot/ws/existing.txt", "update")]
    [InlineData("hand-edit", "/tmp/ot/ws/existing.txt", "update")]
    public void A_file_tool_is_one_file_change_with_its_path_and_kind(string name, string path, string kind)
    {
        var replay = Recording(name);

        var change = replay.Of(EventType.AgentFileChange).ShouldHaveSingleItem();
        ((string?)change["path"], (string?)change["kind"]).ShouldBe((path, kind));
        replay.Of(EventType.AgentTool).ShouldBeEmpty();
    }

    [Fact]
    public void A_file_path_inside_the_workspace_is_reported_relative_to_it()
    {
        var replay = StreamReplay.Run(new OpencodeStreamParser("/tmp/ot/ws"), StreamReplay.Recorded("opencode", "hand-edit"));

        ((string?)replay.Of(EventType.AgentFileChange).ShouldHaveSingleItem()["path"]).ShouldBe("existing.txt");
    }

    [Fact]
    public void A_file_tool_that_failed_is_a_failed_tool_call_with_the_error_and_no_file_change()
    {
        var replay = Recording("hand-edit-missing");

        var tool = replay.Of(EventType.AgentTool).ShouldHaveSingleItem();
        ((string?)tool["name"], (string?)tool["status"]).ShouldBe(("edit", "failed"));
        ((string?)tool["output"]).ShouldBe("File /tmp/ot/ws/missing.txt not found");
        ((string?)tool["input"]!["filePath"]).ShouldBe("missing.txt");
        replay.Of(EventType.AgentFileChange).ShouldBeEmpty();
    }

    [Fact]
    public void An_api_error_fails_the_turn_with_a_fatal_error_that_reads_as_an_auth_failure()
    {
        var replay = Recording("error401");

        replay.Parser.Verdict.ShouldBe(StreamVerdict.Failed);
        replay.Parser.Error.ShouldBe("scripted model server forced HTTP 401");
        var error = replay.Of(EventType.AgentError).ShouldHaveSingleItem();
        ((bool?)error["fatal"], (string?)error["failure"]).ShouldBe((true, "auth_failed"));
    }

    [Fact]
    public void The_http_status_is_added_to_an_error_message_that_does_not_name_it()
    {
        var replay = Lines("""{"type":"error","sessionID":"ses_1","error":{"name":"APIError","data":{"message":"Access denied","statusCode":401}}}""");

        replay.Parser.Error.ShouldBe("Access denied (HTTP 401)");
        FailureSignatures.Classify(replay.Parser.Error).ShouldBe(AgentFailureKind.AuthFailed);
    }

    [Fact]
    public void An_unreachable_endpoint_fails_the_turn_with_opencodes_message()
    {
        var replay = Recording("hand-unreachable");

        replay.Parser.Verdict.ShouldBe(StreamVerdict.Failed);
        replay.Parser.Error.ShouldNotBeNull().ShouldStartWith("Cannot connect to API");
    }

    [Fact]
    public void A_stream_that_ends_after_a_tool_step_has_no_verdict_and_an_error_after_stop_fails_it()
    {
        Lines(Finish("stop"), Finish("tool-calls")).Parser.Verdict.ShouldBe(StreamVerdict.Pending);
        Lines(Finish("tool-calls"), Finish("stop")).Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
        Lines(Finish("stop"), """{"type":"error","sessionID":"ses_1","error":{"name":"UnknownError","data":{"message":"boom"}}}""")
            .Parser.Verdict.ShouldBe(StreamVerdict.Failed);
    }

    [Fact]
    public void Usage_adds_cache_reads_and_writes_to_input_and_sums_cost_over_steps()
    {
        var replay = Lines(
            Finish("tool-calls", """{"input":10,"output":5,"reasoning":2,"cache":{"read":100,"write":3}}""", "0.25"),
            Finish("stop", """{"input":20,"output":6,"reasoning":0,"cache":{"read":50,"write":0}}""", "0.5"));

        replay.Parser.Usage.ShouldBe(new AgentUsage { InputTokens = 183, CachedInputTokens = 150, OutputTokens = 11, ReasoningTokens = 2, CostUsd = 0.75m });
    }

    [Fact]
    public void Reasoning_and_other_tools_have_their_own_events()
    {
        var replay = Lines(
            """{"type":"reasoning","sessionID":"ses_1","part":{"type":"reasoning","text":"Thinking it over"}}""",
            Tool("glob", """{"status":"completed","input":{"pattern":"*.md"},"output":"README.md"}"""),
            Tool("task", """{"status":"running","input":{"prompt":"sub"}}"""));

        ((string?)replay.Of(EventType.AgentReasoning).ShouldHaveSingleItem()["text"]).ShouldBe("Thinking it over");
        var tools = replay.Of(EventType.AgentTool).ToList();
        tools.Select(t => ((string?)t["name"], (string?)t["status"], (string?)t["output"])).ShouldBe([("glob", "completed", "README.md"), ("task", "started", null)]);
        ((string?)tools[0]["input"]!["pattern"]).ShouldBe("*.md");
    }
}
