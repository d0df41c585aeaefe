using Baton.Agents.Claude;
using Baton.Agents.Cli;
using Baton.Agents.Tests.Support;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Claude;

public class ClaudeStreamParserTests
{
    private static ParsedStream Recorded(string name, string workspace = StreamFixture.HandWorkspace) =>
        ParsedStream.Of(new ClaudeStreamParser(workspace), StreamFixture.Lines("claude", name));

    private static ParsedStream Lines(params string[] lines) => ParsedStream.Of(new ClaudeStreamParser("/ws"), lines);

    [Fact]
    public void A_shell_turn_reports_the_session_the_command_and_the_final_message()
    {
        var parsed = Recorded("hand-shell.jsonl");

        parsed.Parser.SessionId.ShouldBe(SessionOf("hand-shell.jsonl"));
        var commands = parsed.Of(EventType.AgentCommand);
        commands.Select(c => ((string?)c["status"], (string?)c["command"], (string?)c["id"])).ShouldBe(
            [("started", "echo hi > out.txt", "toolu_1"), ("completed", "echo hi > out.txt", "toolu_1")]);
        ((int?)commands[1]["exit_code"]).ShouldBe(0);
        ((string?)commands[1]["output"]).ShouldBe("(Bash completed with no output)");
        parsed.Of(EventType.AgentMessage).Select(m => (string?)m["text"]).ShouldBe(["Done. I ran the command and it succeeded."]);
        parsed.Parser.FinalMessage.ShouldBe("Done. I ran the command and it succeeded.");
        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
        parsed.Parser.Error.ShouldBeNull();
    }

    [Fact]
    public void Usage_counts_cache_reads_and_writes_as_input_and_carries_the_cost()
    {
        var usage = Recorded("reference-blocks.jsonl", "/ws").Parser.Usage!;

        usage.InputTokens.ShouldBe(1150);
        usage.CachedInputTokens.ShouldBe(1000);
        usage.OutputTokens.ShouldBe(40);
        usage.ReasoningTokens.ShouldBe(12);
        usage.CostUsd.ShouldBe(0.0123m);
    }

    [Fact]
    public void A_failed_command_reports_its_exit_code_from_the_result_text()
    {
        var done = Recorded("hand-command-failed.jsonl").Of(EventType.AgentCommand)[^1];

        ((string?)done["status"]).ShouldBe("failed");
        ((int?)done["exit_code"]).ShouldBe(4);
        ((string)done["output"]!).ShouldContain("No such file or directory");
    }

    [Fact]
    public void A_write_reports_the_tool_and_an_added_file_relative_to_the_workspace()
    {
        var parsed = Recorded("hand-write.jsonl");

        parsed.Of(EventType.AgentTool).Select(t => ((string?)t["name"], (string?)t["status"])).ShouldBe([("Write", "started"), ("Write", "completed")]);
        parsed.Of(EventType.AgentFileChange).Select(c => ((string?)c["path"], (string?)c["kind"])).ShouldBe([("w.txt", "add")]);
    }

    [Fact]
    public void A_refused_write_is_a_non_fatal_error_a_failed_tool_and_no_file_change()
    {
        var parsed = Recorded("hand-denied.jsonl");

        var error = parsed.Of(EventType.AgentError).ShouldHaveSingleItem();
        ((string)error["message"]!).ShouldStartWith("permission denied for Write: ");
        ((bool?)error["fatal"]).ShouldBe(false);
        ((string?)parsed.Of(EventType.AgentTool)[^1]["status"]).ShouldBe("failed");
        parsed.Of(EventType.AgentFileChange).ShouldBeEmpty();
        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
    }

    [Fact]
    public void A_refused_command_is_declined()
    {
        var parsed = Lines(
            "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{\"command\":\"curl x\"}}]},\"session_id\":\"s\"}",
            "{\"type\":\"system\",\"subtype\":\"permission_denied\",\"tool_name\":\"Bash\",\"tool_use_id\":\"t1\",\"message\":\"needs approval\"}",
            "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"needs approval\",\"is_error\":true}]},\"session_id\":\"s\"}");

        var done = parsed.Of(EventType.AgentCommand)[^1];
        ((string?)done["status"]).ShouldBe("declined");
        done["exit_code"].ShouldBeNull();
    }

    [Fact]
    public void Thinking_edits_notebooks_and_failed_edits_are_reported()
    {
        var parsed = Recorded("reference-blocks.jsonl", "/ws");

        parsed.Of(EventType.AgentReasoning).Select(r => (string?)r["text"]).ShouldBe(["The user wants an edit."]);
        parsed.Of(EventType.AgentMessage).Select(m => (string?)m["text"]).ShouldBe(["Let me edit it.", "Edited."]);
        parsed.Of(EventType.AgentFileChange).Select(c => ((string?)c["path"], (string?)c["kind"])).ShouldBe(
            [("src/a.cs", "update"), ("n.ipynb", "update"), ("new.txt", "add")]);
        parsed.Of(EventType.AgentTool).Where(t => (string?)t["status"] != "started").Select(t => ((string?)t["name"], (string?)t["status"])).ShouldBe(
            [("Edit", "completed"), ("NotebookEdit", "completed"), ("MultiEdit", "failed"), ("Write", "completed"), ("unknown", "completed")]);
        parsed.Parser.FinalMessage.ShouldBe("Edited.");
    }

    [Fact]
    public void An_api_error_reported_as_success_with_is_error_fails_the_turn_with_its_status()
    {
        var parsed = Recorded("hand-error401.jsonl");

        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Failed);
        parsed.Parser.Error.ShouldBe("Invalid API key · Fix external API key (API error status 401)");
        parsed.Of(EventType.AgentMessage).ShouldBeEmpty();
        ((string?)parsed.Of(EventType.AgentError).ShouldHaveSingleItem()["message"]).ShouldBe("Invalid API key · Fix external API key");
    }

    [Fact]
    public void An_error_subtype_fails_the_turn_with_the_listed_errors()
    {
        var parsed = Recorded("reference-max-turns.jsonl", "/ws");

        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Failed);
        parsed.Parser.Error.ShouldBe("Reached maximum number of turns (1)");
    }

    [Fact]
    public void A_stale_session_fails_without_adopting_the_session_it_echoes()
    {
        var parsed = Recorded("hand-stale.jsonl");

        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Failed);
        parsed.Parser.Error.ShouldBe("No conversation found with session ID: 00000000-0000-4000-8000-000000000000");
        parsed.Parser.SessionId.ShouldBeNull();
    }

    [Fact]
    public void A_resumed_turn_keeps_the_session()
    {
        Recorded("hand-resume.jsonl").Parser.SessionId.ShouldBe(SessionOf("hand-shell.jsonl"));
    }

    [Theory]
    [InlineData("{\"type\":\"system\",\"subtype\":\"brand_new\"}", "unknown_subtype")]
    [InlineData("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":5}", "bad_fields")]
    [InlineData("{\"type\":\"assistant\",\"message\":{\"content\":\"text\"}}", "bad_fields")]
    [InlineData("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"hologram\"}]}}", "unknown_content")]
    [InlineData("{\"type\":\"user\",\"message\":{\"content\":\"a replayed prompt\"}}", "user_message")]
    [InlineData("{\"type\":\"result\",\"is_error\":false}", "bad_fields")]
    [InlineData("{\"type\":\"hologram\",\"request_id\":\"1\"}", "unknown_type")]
    public void Records_it_does_not_understand_are_raw(string line, string reason)
    {
        Lines(line).RawReasons.ShouldBe([reason]);
    }

    [Fact]
    public void The_control_protocols_requests_are_for_the_conversation_not_events()
    {
        var parsed = Lines(
            "{\"type\":\"control_request\",\"request_id\":\"1\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"input\":{}}}",
            "{\"type\":\"control_cancel_request\",\"request_id\":\"1\"}");

        parsed.RawReasons.ShouldBeEmpty();
        parsed.Events.ShouldBeEmpty();
    }

    [Fact]
    public void The_type_key_is_found_wherever_it_is()
    {
        var parsed = Lines("{\"is_error\":false,\"result\":\"ok\",\"subtype\":\"success\",\"usage\":{\"input_tokens\":3},\"type\":\"result\"}");

        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
        parsed.Parser.FinalMessage.ShouldBe("ok");
    }

    private static string SessionOf(string name) =>
        System.Text.Json.Nodes.JsonNode.Parse(StreamFixture.Lines("claude", name)[0])!["session_id"]!.GetValue<string>();
}
