using Baton.Agents.Cli;
using Baton.Agents.Opencode;
using Baton.Agents.Tests.Support;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Testing;

namespace Baton.Agents.Tests.Opencode;

/// <summary>Malformed, truncated, interleaved and enormous lines: the opencode parser never throws and drops nothing.</summary>
public class OpencodeStreamRobustnessTests
{
    private static StreamReplay Lines(params string[] lines) => StreamReplay.Run(new OpencodeStreamParser(), lines);

    public static TheoryData<string, string> Unreadable()
    {
        var data = BadLines.Generic();
        data.Add("""{"type":"text","sessionID":"ses_1","part":{"type":"text"}}""", "bad_fields");
        data.Add("""{"type":"text","sessionID":"ses_1","part":"not an object"}""", "bad_fields");
        data.Add("""{"type":"reasoning","sessionID":"ses_1","part":{"text":42}}""", "bad_fields");
        data.Add("""{"type":"tool_use","sessionID":"ses_1","part":{"tool":"bash","state":{"status":"completed"}}}""", "bad_fields");
        data.Add("""{"type":"tool_use","sessionID":"ses_1","part":{"tool":"bash","callID":"c","state":{}}}""", "bad_fields");
        data.Add("""{"type":"step_finish","sessionID":"ses_1"}""", "bad_fields");
        data.Add("""{"type":"error","sessionID":"ses_1","error":{"data":{"statusCode":500}}}""", "bad_fields");
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
        var huge = BadLines.Enormous("""{"type":"text","sessionID":"ses_1","part":{"type":"text","text":" """, "\"}}");

        var replay = Lines(huge, """{"type":"step_finish","sessionID":"ses_1","part":{"reason":"stop","tokens":{"input":1,"output":1}}}""");

        var raw = replay.Of(EventType.AgentRaw).ShouldHaveSingleItem();
        ((string?)raw["reason"]).ShouldBe("too_large");
        ((string?)raw["line"])!.Length.ShouldBe(huge.Length);
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Succeeded);
    }

    [Fact]
    public void A_long_command_output_is_cut_to_its_last_8000_characters()
    {
        var output = new string('z', 100_000) + "tail";

        var replay = Lines("{\"type\":\"tool_use\",\"sessionID\":\"s\",\"part\":{\"tool\":\"bash\",\"callID\":\"c\",\"state\":{\"status\":\"completed\",\"input\":{\"command\":\"cat big\"},\"output\":\"" + output + "\",\"metadata\":{\"exit\":0}}}}");

        var command = replay.Of(EventType.AgentCommand).ShouldHaveSingleItem();
        ((string)command["output"]!).Length.ShouldBe(8000);
        ((string)command["output"]!).ShouldEndWith("ztail");
        ((bool?)command["output_truncated"]).ShouldBe(true);
    }

    [Fact]
    public void Lines_of_other_output_between_events_are_kept_in_order()
    {
        var replay = Lines(
            """{"type":"text","sessionID":"ses_1","part":{"type":"text","text":"one"}}""",
            "\u001b[91mWarning\u001b[0m: something printed to stdout",
            """{"type":"text","sessionID":"ses_1","part":{"type":"text","text":"two"}}""");

        replay.Types.ShouldBe([EventType.AgentMessage, EventType.AgentRaw, EventType.AgentMessage]);
        replay.Parser.FinalMessage.ShouldBe("two");
    }

    [Fact]
    public void A_stream_cut_off_mid_line_keeps_the_fragment_and_has_no_verdict()
    {
        var replay = Lines(
            """{"type":"step_start","sessionID":"ses_1","part":{"type":"step-start"}}""",
            """{"type":"text","sessionID":"ses_1","part":{"type":"text","te""");

        ((string?)replay.Of(EventType.AgentRaw).ShouldHaveSingleItem()["reason"]).ShouldBe("not_json");
        replay.Completion.ShouldBeEmpty();
        replay.Parser.Verdict.ShouldBe(StreamVerdict.Pending);
        replay.Parser.SessionId.ShouldBe("ses_1");
    }

    [Fact]
    public void Damaged_real_lines_never_throw_and_every_raw_event_keeps_its_line()
    {
        var lines = BadLines.Damaged(
            new[] { "shell", "write", "error401", "hand-edit-missing" }.SelectMany(n => StreamReplay.Recorded("opencode", n)), seed: 11).ToList();

        var replay = Lines([.. lines]);

        replay.Steps.Count.ShouldBe(lines.Count);
        foreach (var step in replay.Steps)
        {
            step.Events.Where(e => e.Type == EventType.AgentRaw).ShouldAllBe(e => ((AgentRawData)e).Line == step.Line);
        }
    }
}
