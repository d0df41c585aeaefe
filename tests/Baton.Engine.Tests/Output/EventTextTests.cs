using System.Text.Json.Nodes;
using Baton.Cli.Output;
using Baton.Core.Events;
using Baton.Testing;

namespace Baton.Engine.Tests.Output;

public sealed class EventTextTests
{
    public static TheoryData<EventType> AllTypes() => [.. Enum.GetValues<EventType>()];

    private static RunEvent Event(EventType type, JsonObject data, string? stage = "build") => new()
    {
        Seq = 1,
        Ts = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        TaskId = "t1",
        RunId = "r1",
        Stage = stage,
        Data = EventFields.Of(type, data),
    };

    /// <summary>The fields real events carry, all at once, with the value types they really have.</summary>
    private static JsonObject Typical() => new()
    {
        ["task"] = "Add a greeting",
        ["pipeline"] = "default",
        ["project"] = "app",
        ["number"] = 1,
        ["owner_pid"] = 4242,
        ["state"] = "running",
        ["reason"] = "gates_passed",
        ["message"] = "1 gate(s) passed",
        ["previous"] = "running",
        ["path"] = "/tmp/ws",
        ["branch"] = "baton/t1",
        ["base_commit"] = "0123456789abcdef",
        ["mode"] = "worktree",
        ["reused"] = false,
        ["commit"] = "fedcba9876543210",
        ["kind"] = "agent",
        ["agent"] = "shell",
        ["role"] = "builder",
        ["attempt"] = 2,
        ["try"] = 1,
        ["command"] = "dotnet test",
        ["error"] = "exited 1",
        ["delay_ms"] = 1500L,
        ["status"] = "failed",
        ["exit_code"] = 1,
        ["seconds"] = 12.345,
        ["allowed_failure"] = false,
        ["output_tail"] = "line 1\nline 2",
        ["passed"] = false,
        ["timed_out"] = false,
        ["text"] = "hello",
        ["line"] = "raw output",
        ["session_id"] = "s-1",
        ["files_changed"] = new JsonArray("a.txt", "b.txt"),
        ["task_state"] = "succeeded",
        ["stage"] = "build",
    };

    /// <summary>The same keys holding values of the wrong shape: objects, arrays, numbers and nulls.</summary>
    private static JsonObject Odd()
    {
        var odd = new JsonObject();
        var i = 0;
        foreach (var key in Typical().Select(p => p.Key))
        {
            odd[key] = (i++ % 4) switch
            {
                0 => new JsonObject { ["nested"] = new JsonArray(1, null, "x") },
                1 => new JsonArray(),
                2 => 3.5,
                _ => null,
            };
        }

        return odd;
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_event_type_renders_with_empty_data(EventType type)
    {
        var line = EventText.Render(Event(type, []));

        line.ShouldNotBeNullOrWhiteSpace();
        line.ShouldContain("[build] ");
        EventText.Describe(Event(type, [], stage: null)).ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_event_type_renders_with_typical_data(EventType type)
    {
        var line = EventText.Render(Event(type, Typical()));

        line.ShouldNotBeNullOrWhiteSpace();
        line.ShouldNotContain("\"task_id\"");
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_event_type_renders_even_when_its_fields_have_unexpected_shapes(EventType type)
    {
        EventText.Render(Event(type, Odd())).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_line_starts_with_the_local_time_and_names_the_stage_when_there_is_one()
    {
        var evt = Event(EventType.AgentMessage, new JsonObject { ["text"] = "hello" });
        var time = evt.Ts.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        EventText.Render(evt).ShouldBe($"{time} [build] agent: hello");
        EventText.Render(evt with { Stage = null }).ShouldBe($"{time} agent: hello");
    }

    [Fact]
    public void A_failed_gate_says_FAILED_with_its_exit_code_and_a_timed_out_one_says_so()
    {
        EventText.Describe(Event(EventType.GateFinished, new JsonObject { ["command"] = "make test", ["passed"] = false, ["exit_code"] = 2 }))
            .ShouldBe("gate `make test` FAILED exit 2");
        EventText.Describe(Event(EventType.GateFinished, new JsonObject { ["command"] = "make test", ["passed"] = false, ["timed_out"] = true }))
            .ShouldBe("gate `make test` TIMED OUT");
        EventText.Describe(Event(EventType.GateFinished, new JsonObject { ["command"] = "make test", ["passed"] = true, ["exit_code"] = 0 }))
            .ShouldBe("gate `make test` passed exit 0");
    }

    [Fact]
    public void A_raw_line_is_shown_as_the_agent_printed_it()
    {
        EventText.Describe(Event(EventType.AgentRaw, new JsonObject { ["line"] = "{\"type\":\"message\",\"te" }))
            .ShouldBe("{\"type\":\"message\",\"te");
    }

    [Fact]
    public void Agent_sessions_usage_and_recovery_read_as_sentences()
    {
        EventText.Describe(Event(EventType.AgentSession, new JsonObject { ["session_id"] = "th-1", ["agent"] = "codex", ["resumed"] = true }))
            .ShouldBe("session th-1 with codex (continued)");
        EventText.Describe(Event(EventType.AgentUsage, new JsonObject { ["input_tokens"] = 200, ["output_tokens"] = 20, ["cost_usd"] = 0.0012m }))
            .ShouldBe("usage: 200 in / 20 out tokens, $0.0012");
        EventText.Describe(Event(EventType.RecoveryAction, new JsonObject { ["agent"] = "codex", ["failure"] = "cli_missing", ["action"] = "fall_back", ["to_agent"] = "claude" }))
            .ShouldBe("recovery: codex cli missing → fall back to claude");
        EventText.Describe(Event(EventType.RecoveryAction, new JsonObject { ["agent"] = "codex", ["failure"] = "untrusted_directory", ["action"] = "relaunch", ["correction"] = "the workspace marked trusted" }))
            .ShouldBe("recovery: codex untrusted directory → relaunch with the workspace marked trusted");
        EventText.Describe(Event(EventType.AgentError, new JsonObject { ["message"] = "401", ["fatal"] = true }))
            .ShouldBe("agent error: 401");
    }
}
