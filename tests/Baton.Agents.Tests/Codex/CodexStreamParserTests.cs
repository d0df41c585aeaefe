using Baton.Agents.Cli;
using Baton.Agents.Codex;
using Baton.Agents.Tests.Support;
using Baton.Core.Events;
using Baton.Testing;

namespace Baton.Agents.Tests.Codex;

public class CodexStreamParserTests
{
    private static ParsedStream Recorded(string name, string workspace = StreamFixture.HandWorkspace) =>
        ParsedStream.Of(new CodexStreamParser(workspace), StreamFixture.Lines("codex", name));

    private static ParsedStream Lines(params string[] lines) => ParsedStream.Of(new CodexStreamParser("/ws"), lines);

    [Fact]
    public void A_shell_turn_reports_the_thread_the_command_and_the_final_message()
    {
        var parsed = Recorded("hand-shell.jsonl");

        parsed.Parser.SessionId.ShouldBe("01a20278-2b6e-74b3-9802-1110b7acf7e9");
        var commands = parsed.Of(EventType.AgentCommand);
        commands.Select(c => (string?)c["status"]).ShouldBe(["started", "completed"]);
        commands.ShouldAllBe(c => (string?)c["command"] == "/bin/bash -lc 'echo hi > out.txt'" && (string?)c["id"] == "item_1");
        commands[0]["exit_code"].ShouldBeNull();
        ((int?)commands[1]["exit_code"]).ShouldBe(0);
        parsed.Of(EventType.AgentMessage).Select(m => (string?)m["text"]).ShouldBe(["Done. I ran the command and it succeeded."]);
        parsed.Parser.FinalMessage.ShouldBe("Done. I ran the command and it succeeded.");
        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
    }

    [Fact]
    public void The_unknown_model_warning_is_a_non_fatal_error()
    {
        var errors = Recorded("hand-shell.jsonl").Of(EventType.AgentError);

        errors.Count.ShouldBe(1);
        ((string?)errors[0]["message"]).ShouldStartWith("Model metadata for `fake-model` not found");
        ((bool?)errors[0]["fatal"]).ShouldBe(false);
    }

    [Fact]
    public void Usage_is_what_turn_completed_reports()
    {
        var usage = Recorded("reference-items.jsonl").Parser.Usage!;

        usage.InputTokens.ShouldBe(1200);
        usage.CachedInputTokens.ShouldBe(800);
        usage.OutputTokens.ShouldBe(90);
        usage.ReasoningTokens.ShouldBe(30);
        usage.CostUsd.ShouldBeNull();
    }

    [Fact]
    public void A_failed_command_reports_its_status_exit_code_and_output()
    {
        var done = Recorded("hand-command-failed.jsonl").Of(EventType.AgentCommand)[^1];

        ((string?)done["status"]).ShouldBe("failed");
        ((int?)done["exit_code"]).ShouldBe(4);
        ((string)done["output"]!).ShouldContain("No such file or directory");
        done.ContainsKey("output_truncated").ShouldBeFalse();
    }

    [Fact]
    public void Turn_failed_fails_the_turn_with_the_clis_message()
    {
        var parsed = Recorded("hand-error401.jsonl");

        parsed.Parser.Verdict.ShouldBe(StreamVerdict.Failed);
        parsed.Parser.Error.ShouldStartWith("unexpected status 401 Unauthorized");
        parsed.Of(EventType.AgentError).ShouldContain(e => ((string)e["message"]!).Contains("401") && !(bool)e["fatal"]!);
    }

    [Fact]
    public void Turn_failed_without_a_message_uses_the_last_error_event()
    {
        var parsed = Lines("{\"type\":\"error\",\"message\":\"stream disconnected\"}", "{\"type\":\"turn.failed\",\"error\":{}}");

        parsed.Parser.Error.ShouldBe("stream disconnected");
    }

    [Fact]
    public void A_later_turn_completed_does_not_hide_a_failure()
    {
        Lines("{\"type\":\"turn.failed\",\"error\":{\"message\":\"x\"}}", "{\"type\":\"turn.completed\",\"usage\":{}}").Parser.Verdict.ShouldBe(StreamVerdict.Failed);
    }

    [Fact]
    public void A_patch_reports_each_file_relative_to_the_workspace()
    {
        var changes = Recorded("hand-patch.jsonl").Of(EventType.AgentFileChange);

        changes.Select(c => ((string?)c["path"], (string?)c["kind"])).ShouldBe([("hello.txt", "add")]);
    }

    [Fact]
    public void A_change_of_several_files_is_one_event_per_file_and_paths_outside_the_workspace_stay_absolute()
    {
        var changes = Recorded("reference-items.jsonl", "/ws").Of(EventType.AgentFileChange);

        changes.Select(c => ((string?)c["path"], (string?)c["kind"])).ShouldBe([("src/a.cs", "update"), ("old.txt", "delete"), ("/elsewhere/b.txt", "add")]);
    }

    [Fact]
    public void A_failed_change_is_a_failed_tool_and_no_file_change()
    {
        var tools = Recorded("reference-items.jsonl", "/ws").Of(EventType.AgentTool).Where(t => (string?)t["name"] == "file_change").ToList();

        tools.Count.ShouldBe(1);
        ((string?)tools[0]["status"]).ShouldBe("failed");
        tools[0]["input"]!["changes"]![0]!["path"]!.GetValue<string>().ShouldBe("/ws/c.txt");
    }

    [Fact]
    public void Reasoning_todo_lists_mcp_calls_web_searches_plans_and_collab_calls_are_reported()
    {
        var parsed = Recorded("reference-items.jsonl", "/ws");

        parsed.Of(EventType.AgentReasoning).Select(r => (string?)r["text"]).ShouldBe(["**Planning** a friendly reply"]);
        parsed.Of(EventType.AgentTool).Select(t => ((string?)t["id"], (string?)t["name"], (string?)t["status"])).ShouldBe(
        [
            ("item_2", "todo_list", "started"),
            ("item_2", "todo_list", "updated"),
            ("item_3", "docs/search", "started"),
            ("item_3", "docs/search", "completed"),
            ("item_4", "docs/fetch", "failed"),
            ("item_5", "web_search", "completed"),
            ("item_6", "plan", "completed"),
            ("item_7", "collab/spawn_agent", "completed"),
            ("item_9", "file_change", "failed"),
            ("item_2", "todo_list", "completed"),
        ]);
        var tools = parsed.Of(EventType.AgentTool);
        tools[3]["input"]!["q"]!.GetValue<string>().ShouldBe("retry");
        ((string)tools[3]["output"]!).ShouldContain("found 2");
        ((string?)tools[4]["output"]).ShouldBe("server gone");
        tools[5]["input"]!["query"]!.GetValue<string>().ShouldBe("dotnet 10 release notes");
        tools[6]["input"]!["text"]!.GetValue<string>().ShouldBe("1. read 2. write");
        parsed.Completion.ShouldBeEmpty();
    }

    [Fact]
    public void Top_level_errors_are_non_fatal()
    {
        var errors = Recorded("reference-items.jsonl", "/ws").Of(EventType.AgentError);

        errors.Select(e => (string?)e["message"]).ShouldContain("Reconnecting... 1/5 (stream disconnected before completion)");
        errors.ShouldAllBe(e => (bool?)e["fatal"] == false);
    }

    [Fact]
    public void Output_beyond_8000_chars_is_cut_to_its_end_and_marked()
    {
        var output = "first line\n" + new string('y', 9000) + "\nlast line";
        var line = $"{{\"type\":\"item.completed\",\"item\":{{\"id\":\"i\",\"type\":\"command_execution\",\"command\":\"cat big\",\"aggregated_output\":\"{output.Replace("\n", "\\n", StringComparison.Ordinal)}\",\"exit_code\":0,\"status\":\"completed\"}}}}";

        var done = Lines(line).Of(EventType.AgentCommand)[0];

        ((string)done["output"]!).Length.ShouldBe(8000);
        ((string)done["output"]!).ShouldEndWith("\nlast line");
        ((bool?)done["output_truncated"]).ShouldBe(true);
    }

    [Fact]
    public void Text_of_an_unfinished_item_is_flushed_at_the_end()
    {
        var parsed = Lines(
            "{\"type\":\"item.updated\",\"item\":{\"id\":\"item_1\",\"type\":\"agent_message\",\"text\":\"Half a sent\"}}",
            "{\"type\":\"item.plan.delta\",\"item_id\":\"item_2\",\"delta\":\"1. step\"}");

        parsed.PerLine.ShouldAllBe(l => l.Events.Count == 0);
        parsed.Completion.Select(e => e.Type).ShouldBe([EventType.AgentMessage, EventType.AgentTool]);
        ((string?)parsed.Completion[0].Fields()["text"]).ShouldBe("Half a sent");
    }

    [Theory]
    [InlineData("{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"brand_new\"}}", "unknown_item_type")]
    [InlineData("{\"type\":\"item.completed\",\"item\":\"not an object\"}", "bad_fields")]
    [InlineData("{\"type\":\"item.completed\"}", "bad_fields")]
    [InlineData("{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"agent_message\",\"text\":7}}", "bad_fields")]
    [InlineData("{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"command_execution\",\"command\":[\"ls\"]}}", "bad_fields")]
    [InlineData("{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"file_change\",\"changes\":[{\"path\":1}]}}", "bad_fields")]
    [InlineData("{\"type\":\"thread.started\",\"thread_id\":12}", "bad_fields")]
    [InlineData("{\"type\":\"error\"}", "bad_fields")]
    public void Records_of_a_known_type_with_unexpected_fields_are_raw(string line, string reason)
    {
        Lines(line).RawReasons.ShouldBe([reason]);
    }

    [Fact]
    public void Usage_with_fields_of_the_wrong_type_counts_what_it_can()
    {
        var usage = Lines("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":\"many\",\"output_tokens\":5}}").Parser.Usage!;

        usage.InputTokens.ShouldBe(0);
        usage.OutputTokens.ShouldBe(5);
    }
}
