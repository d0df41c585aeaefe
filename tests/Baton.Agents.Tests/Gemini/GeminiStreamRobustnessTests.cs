using Baton.Agents.Cli;
using Baton.Agents.Gemini;
using Baton.Agents.Tests.Support;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Testing;

namespace Baton.Agents.Tests.Gemini;

/// <summary>Malformed, truncated, interleaved and enormous lines: the Gemini parser never throws and drops nothing.</summary>
public class GeminiStreamRobustnessTests
{
    private static StreamReplay Lines(params string[] lines) => StreamReplay.Run(new GeminiStreamParser(), lines);

    public static TheoryData<string, string> Unreadable()
    {
        var data = BadLines.Generic();
        data.Add("""{"type":"init","session_id":7}""", "bad_fields");
        data.Add("""{"type":"message","role":"assistant","content":{"text":"hi"},"delta":true}""", "bad_fields");
        data.Add("""{"type":"message","role":"system","content":"hi"}""", "bad_fields");
        data.Add("""{"type":"tool_use","tool_name":"run_shell_command"}""", "bad_fields");
        data.Add("""{"type":"tool_result","tool_id":"t9","status":"done"}""", "bad_fields");
        data.Add("""{"type":"tool_result","tool_id":"never-started","status":"success"}""", "unknown_tool_id");
        data.Add("""{"type":"error","severity":"error","message":["not","text"]}""", "bad_fields");
        data.Add("""{"type":"result","status":"maybe"}""", "bad_fields");
        return data;
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void An_unreadable_line_is_one_raw_event_with_the_line_whole_and_its_reason(string line, string reason)
    {
        var replay = Lines(line);

        var raw = replay.Events.ShouldHaveSingleItem();
        raw.Type.ShouldBe(EventType.AgentRaw);
        ((string?)raw.Fields()["line"]).ShouldBe(line);
        ((string?)raw.Fields()["reason"]).ShouldBe(reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void A_blank_line_is_skipped(string line)
    {
        Lines(line).Events.ShouldBeEmpty();
    }

    [Fact]
    public void An_enormous_line_is_kept_raw_and_whole_and_the_stream_goes_on()
    {
        var huge = BadLines.Enormous("""{"type":"tool_result","tool_id":"t1","status":"success","output":" """, "\"}");

        var replay = Lines(
            """{"type":"tool_use","tool_name":"read_file","tool_id":"t1","parameters":{}}""",
            huge,
            """{"type":"result","status":"success","stats":{"input_tokens":1,"output_tokens":1}}""");

        var raw = replay.Of(EventType.AgentRaw).ShouldHaveSingleItem();
        ((string?)raw["reason"]).ShouldBe("too_large");
        ((string?)raw["line"])!.Length.ShouldBe(huge.Length);
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
    }

    [Fact]
    public void A_long_tool_output_under_the_limit_is_cut_to_its_last_8000_characters()
    {
        var output = "first line\n" + new string('y', 500_000) + "\nthe error at the end";

        var replay = Lines(
            """{"type":"tool_use","tool_name":"run_shell_command","tool_id":"t1","parameters":{"command":"make"}}""",
            $$"""{"type":"tool_result","tool_id":"t1","status":"error","output":"{{output.Replace("\n", "\\n", StringComparison.Ordinal)}}"}""");

        var done = replay.Of(EventType.AgentCommand).Last();
        var kept = (string)done["output"]!;
        kept.Length.ShouldBe(8000);
        kept.ShouldStartWith("…");
        kept.ShouldEndWith("the error at the end");
        ((bool?)done["output_truncated"]).ShouldBe(true);
        ((string?)done["status"]).ShouldBe("failed");
    }

    [Fact]
    public void Garbage_between_delta_chunks_does_not_split_the_message_and_is_kept()
    {
        var replay = Lines(
            """{"type":"message","role":"assistant","content":"Hel","delta":true}""",
            "node: warning printed to stdout",
            """{"type":"message","role":"assistant","content":"lo","delta":true}""",
            """{"type":"result","status":"success","stats":{}}""");

        ((string?)replay.Of(EventType.AgentMessage).ShouldHaveSingleItem()["text"]).ShouldBe("Hello");
        ((string?)replay.Of(EventType.AgentRaw).ShouldHaveSingleItem()["line"]).ShouldBe("node: warning printed to stdout");
    }

    [Fact]
    public void A_stream_cut_off_mid_message_still_delivers_the_partial_text_on_complete()
    {
        var replay = Lines(
            """{"type":"init","session_id":"s1","model":"m"}""",
            """{"type":"message","role":"assistant","content":"Partial ","delta":true}""",
            """{"type":"message","role":"assistant","content":"answ""");

        ((string?)replay.Completion.ShouldHaveSingleItem().Fields()["text"]).ShouldBe("Partial ");
        ((string?)replay.Of(EventType.AgentRaw).ShouldHaveSingleItem()["reason"]).ShouldBe("not_json");
        replay.Parser.FinalMessage.ShouldBe("Partial ");
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Pending, "no result record: the adapter fails the turn");
        replay.Parser.SessionId.ShouldBe("s1");
    }

    [Fact]
    public void Damaged_real_lines_never_throw_and_every_raw_event_keeps_its_line()
    {
        var lines = BadLines.Damaged(
            new[] { "shell", "write", "error401" }.SelectMany(n => StreamReplay.Recorded("gemini", n)), seed: 7).ToList();

        var replay = Lines([.. lines]);

        replay.Steps.Count.ShouldBe(lines.Count);
        foreach (var step in replay.Steps)
        {
            step.Events.Where(e => e.Type == EventType.AgentRaw).ShouldAllBe(e => ((AgentRawData)e).Line == step.Line);
        }
    }
}
