using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Gemini;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Gemini;

/// <summary>The Gemini parser over real recorded streams (Streams/gemini; hand-* were recorded against a stand-in server).</summary>
public class GeminiStreamParserTests
{
    private static StreamReplay Recording(string name, string? workspace = null) =>
        StreamReplay.Run(new GeminiStreamParser(workspace), StreamReplay.Recorded("gemini", name));

    private static StreamReplay Lines(params string[] lines) => StreamReplay.Run(new GeminiStreamParser(), lines);

    [Theory]
    [InlineData("text")]
    [InlineData("shell")]
    [InlineData("write")]
    [InlineData("resume")]
    [InlineData("error401")]
    [InlineData("hand-shell-exit3")]
    [InlineData("hand-write-outside")]
    [InlineData("hand-write-existing")]
    [InlineData("adapter-policy-refused")]
    public void Every_line_of_a_recorded_stream_is_accounted_for(string name)
    {
        var replay = Recording(name);

        foreach (var step in replay.Steps.Where(s => s.Events.Count == 0))
        {
            // Silent lines are the ones the parser keeps as state: the session, the verdict and usage, text deltas.
            var type = StreamReplay.TypeOf(step.Line);
            (type is "init" or "result" || (type == "message" && step.Line.Contains("\"delta\":true", StringComparison.Ordinal)))
                .ShouldBeTrue(step.Line);
        }

        var deltas = replay.Steps.Where(s => StreamReplay.TypeOf(s.Line) == "message" && s.Line.Contains("\"delta\":true", StringComparison.Ordinal))
            .Select(s => (string)JsonNode.Parse(s.Line)!["content"]!);
        string.Concat(replay.Of(EventType.AgentMessage).Select(m => (string?)m["text"])).ShouldBe(string.Concat(deltas));
        replay.Of(EventType.AgentRaw).Select(r => (string?)r["reason"]).ShouldAllBe(r => r == "user_message");
        replay.Parser.SessionId.ShouldNotBeNullOrEmpty();
        replay.Parser.Verdict.ShouldNotBe(StreamVerdict.Pending);
        replay.Parser.Usage.ShouldNotBeNull();
    }

    [Fact]
    public void A_text_answer_is_one_message_joined_from_its_delta_chunks()
    {
        var replay = Recording("text");

        var text = "Hello from the scripted model. user_msgs=1 last='Say hello'";
        ((string?)replay.Of(EventType.AgentMessage).ShouldHaveSingleItem()["text"]).ShouldBe(text);
        replay.Parser.FinalMessage.ShouldBe(text);
        replay.Parser.SessionId.ShouldBe("bd279e84-d536-49b8-ab5d-eb432e871390");
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
        replay.Parser.Usage.ShouldBe(new AgentUsage { InputTokens = 200, OutputTokens = 20 });
    }

    [Fact]
    public void The_echoed_prompt_is_kept_as_raw_with_reason_user_message()
    {
        var replay = Recording("text");

        var raw = replay.Of(EventType.AgentRaw).ShouldHaveSingleItem();
        ((string?)raw["reason"]).ShouldBe("user_message");
        ((string?)raw["line"]).ShouldBe(StreamReplay.Recorded("gemini", "text")[1]);
    }

    [Fact]
    public void A_resumed_stream_reports_its_session_and_answer()
    {
        var replay = Recording("resume");

        replay.Parser.SessionId.ShouldBe("a70bfab4-d3e4-4af1-9269-656fea150969");
        replay.Parser.FinalMessage.ShouldNotBeNull().ShouldContain("user_msgs=2");
    }

    [Fact]
    public void A_shell_command_is_started_then_completed_with_exit_code_0_when_it_printed_nothing()
    {
        var replay = Recording("shell");

        var commands = replay.Of(EventType.AgentCommand).ToList();
        commands.Select(c => (string?)c["status"]).ShouldBe(["started", "completed"]);
        commands.ShouldAllBe(c => (string?)c["command"] == "echo hi > out.txt" && (string?)c["id"] == (string?)commands[0]["id"]);
        commands[0]["exit_code"].ShouldBeNull();
        ((int?)commands[1]["exit_code"]).ShouldBe(0);
        replay.Types.ShouldBe([EventType.AgentRaw, EventType.AgentCommand, EventType.AgentCommand, EventType.AgentMessage]);
    }

    [Fact]
    public void A_command_that_printed_has_an_unknown_exit_code_because_gemini_reports_success_anyway()
    {
        var replay = Recording("hand-shell-exit3");

        var done = replay.Of(EventType.AgentCommand).Last();
        ((string?)done["status"]).ShouldBe("completed");
        done["exit_code"].ShouldBeNull();
        ((string?)done["output"]).ShouldBe("out\nerr");
    }

    [Fact]
    public void A_command_geminis_policy_denied_is_declined_with_the_message_the_model_read()
    {
        var replay = Recording("adapter-policy-refused");

        var commands = replay.Of(EventType.AgentCommand).ToList();
        commands.Select(c => ((string?)c["command"], (string?)c["status"])).ShouldBe([("touch forbidden.txt", "started"), ("touch forbidden.txt", "declined")]);
        ((string?)commands[1]["output"]).ShouldBe("Tool execution denied by policy. Refused by Baton: `touch forbidden` is in policy.blocked_commands. Do not run it, and do not try to reach the same end another way.");
        commands[1]["exit_code"].ShouldBeNull();
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
    }

    [Fact]
    public void A_command_that_failed_for_another_reason_is_failed_not_declined()
    {
        var replay = Lines(
            """{"type":"tool_use","tool_name":"run_shell_command","tool_id":"t1","parameters":{"command":"ls"}}""",
            """{"type":"tool_result","tool_id":"t1","status":"error","output":"boom","error":{"type":"execution_failed","message":"boom"}}""");

        ((string?)replay.Of(EventType.AgentCommand).Last()["status"]).ShouldBe("failed");
    }

    [Fact]
    public void A_silent_failing_command_takes_its_exit_code_from_gemini_display_text()
    {
        var replay = Lines(
            """{"type":"tool_use","tool_name":"run_shell_command","tool_id":"t1","parameters":{"command":"false"}}""",
            """{"type":"tool_result","tool_id":"t1","status":"success","output":"Command exited with code: 1"}""");

        var done = replay.Of(EventType.AgentCommand).Last();
        ((string?)done["status"], (int?)done["exit_code"]).ShouldBe(("failed", 1));
    }

    [Fact]
    public void A_written_file_is_a_tool_call_and_one_file_change_with_its_path_in_the_workspace()
    {
        var replay = Recording("write", workspace: "/work/modelscratch/runs/gemini/ws");

        replay.Of(EventType.AgentTool).Select(t => ((string?)t["name"], (string?)t["status"])).ShouldBe([("write_file", "started"), ("write_file", "completed")]);
        ((string?)replay.Of(EventType.AgentFileChange).ShouldHaveSingleItem()["path"]).ShouldBe("written.txt");
        replay.Of(EventType.AgentTool).First()["input"]!["content"]!.GetValue<string>().ShouldBe("hello from the scripted model");
    }

    [Fact]
    public void A_path_outside_the_workspace_is_reported_as_given()
    {
        var replay = Recording("write", workspace: "/elsewhere");

        ((string?)replay.Of(EventType.AgentFileChange).ShouldHaveSingleItem()["path"]).ShouldBe("/work/modelscratch/runs/gemini/ws/written.txt");
    }

    [Theory]
    [InlineData(true, "update")]
    [InlineData(false, "add")]
    public void A_written_file_is_an_update_when_it_was_in_the_workspace_as_the_call_was_read(bool existed, string kind)
    {
        var workspace = TempDir.Create("gemini-ws");
        try
        {
            if (existed)
            {
                File.WriteAllText(Path.Combine(workspace, "existing.txt"), "old");
            }

            var replay = Recording("hand-write-existing", workspace);

            var change = replay.Of(EventType.AgentFileChange).ShouldHaveSingleItem();
            ((string?)change["path"], (string?)change["kind"]).ShouldBe(("existing.txt", kind));
        }
        finally
        {
            TempDir.Delete(workspace);
        }
    }

    [Fact]
    public void A_file_tool_that_failed_is_a_failed_tool_call_and_no_file_change()
    {
        var replay = Recording("hand-write-outside");

        var failed = replay.Of(EventType.AgentTool).Last();
        ((string?)failed["status"]).ShouldBe("failed");
        ((string?)failed["output"]).ShouldNotBeNull().ShouldContain("Path not in workspace");
        replay.Of(EventType.AgentFileChange).ShouldBeEmpty();
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded, "the model went on and answered");
    }

    [Fact]
    public void An_error_result_fails_the_turn_with_the_api_error_which_reads_as_an_auth_failure()
    {
        var replay = Recording("error401");

        replay.Parser.Verdict.ShouldBe(StreamVerdict.Failed);
        replay.Parser.Error.ShouldNotBeNull().ShouldContain("scripted model server forced HTTP 401");
        FailureSignatures.Classify(replay.Parser.Error).ShouldBe(AgentFailureKind.AuthFailed);
        replay.Of(EventType.AgentMessage).ShouldBeEmpty();
    }

    [Fact]
    public void A_warning_is_a_non_fatal_error_and_an_error_event_is_fatal_with_its_signature()
    {
        var replay = Lines(
            """{"type":"error","timestamp":"t","severity":"warning","message":"Loop detected, stopping"}""",
            """{"type":"error","timestamp":"t","severity":"error","message":"429 Too Many Requests"}""");

        var errors = replay.Of(EventType.AgentError).ToList();
        errors.Select(e => (bool?)e["fatal"]).ShouldBe([false, true]);
        ((string?)errors[1]["failure"]).ShouldBe("rate_limited");
        replay.Parser.Error.ShouldBe("429 Too Many Requests");
    }

    [Fact]
    public void Text_before_a_tool_call_is_its_own_message_and_the_last_message_is_the_final_one()
    {
        var replay = Lines(
            """{"type":"message","role":"assistant","content":"Let me ","delta":true}""",
            """{"type":"message","role":"assistant","content":"check.","delta":true}""",
            """{"type":"tool_use","tool_name":"glob","tool_id":"g1","parameters":{"pattern":"*"}}""",
            """{"type":"tool_result","tool_id":"g1","status":"success","output":"Found 1 file"}""",
            """{"type":"message","role":"assistant","content":"Whole answer."}""",
            """{"type":"result","status":"success","stats":{"input_tokens":5,"output_tokens":1,"cached":2}}""");

        replay.Of(EventType.AgentMessage).Select(m => (string?)m["text"]).ShouldBe(["Let me check.", "Whole answer."]);
        replay.Parser.FinalMessage.ShouldBe("Whole answer.");
        replay.Of(EventType.AgentTool).Select(t => (string?)t["status"]).ShouldBe(["started", "completed"]);
        replay.Parser.Usage.ShouldBe(new AgentUsage { InputTokens = 5, CachedInputTokens = 2, OutputTokens = 1 });
    }
}
