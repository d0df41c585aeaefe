using System.Text.Json.Nodes;
using Baton.Agents.Command;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Testing;

namespace Baton.Engine.Tests.Agents;

public sealed class CommandOutputParserEventTests
{
    /// <summary>The fields without which each agent event means nothing (the rest are optional).</summary>
    private static readonly Dictionary<EventType, string> Least = new()
    {
        [EventType.AgentSession] = "\"session_id\":\"s-1\"",
        [EventType.AgentMessage] = "\"text\":\"hi\"",
        [EventType.AgentReasoning] = "\"text\":\"hmm\"",
        [EventType.AgentCommand] = "\"command\":\"ls\"",
        [EventType.AgentFileChange] = "\"path\":\"a.txt\"",
        [EventType.AgentTool] = "\"name\":\"search\",\"status\":\"started\"",
        [EventType.AgentUsage] = "\"input_tokens\":3",
        [EventType.AgentError] = "\"message\":\"boom\"",
    };

    /// <summary>Every agent event an agent may report, by its short name (<c>message</c> for <c>agent.message</c>).</summary>
    public static TheoryData<string, EventType> AgentEvents()
    {
        var data = new TheoryData<string, EventType>();
        foreach (var type in Enum.GetValues<EventType>().Where(t => t != EventType.AgentRaw && t.Name().StartsWith("agent.", StringComparison.Ordinal)))
        {
            data.Add(type.Name()["agent.".Length..], type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AgentEvents))]
    public void An_agent_event_is_recognised_by_its_short_name(string shortName, EventType expected)
    {
        var parsed = new CommandOutputParser().Parse($$"""{"type":"{{shortName}}",{{Least[expected]}},"n":1}""");
        var (type, _) = (parsed.Type, parsed.Fields());

        type.ShouldBe(expected);
        parsed.ShouldNotBeOfType<UnreadData>();
        parsed.Fields()["n"]!.GetValue<int>().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(AgentEvents))]
    public void An_agent_event_is_recognised_by_its_full_name(string shortName, EventType expected)
    {
        var parsed = new CommandOutputParser().Parse($$"""{"type":"agent.{{shortName}}",{{Least[expected]}},"n":1}""");
        var (type, _) = (parsed.Type, parsed.Fields());

        type.ShouldBe(expected);
        parsed.ShouldNotBeOfType<UnreadData>();
        parsed.Fields()["n"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void The_type_field_is_removed_from_the_data_and_every_other_field_is_kept()
    {
        var parsed = new CommandOutputParser().Parse("""{"type":"command","command":"dotnet test","exit_code":0,"extra":{"a":[1,2]}}""");
        var (type, data) = (parsed.Type, parsed.Fields());

        type.ShouldBe(EventType.AgentCommand);
        data.ContainsKey("type").ShouldBeFalse();
        data.ToJsonString().ShouldBe("""{"command":"dotnet test","exit_code":0,"extra":{"a":[1,2]}}""");
    }

    [Fact]
    public void An_event_without_the_fields_its_type_needs_is_kept_whole_as_raw()
    {
        const string line = """{"type":"message","text":5}""";

        var parsed = new CommandOutputParser().Parse(line);

        parsed.ShouldBeOfType<AgentRawData>().Line.ShouldBe(line);
    }

    [Fact]
    public void Whitespace_around_a_json_line_does_not_make_it_raw()
    {
        var parsed = new CommandOutputParser().Parse("""   {"type":"message","text":"hi"}  """);
        var (type, data) = (parsed.Type, parsed.Fields());

        type.ShouldBe(EventType.AgentMessage);
        ((string?)data["text"]).ShouldBe("hi");
    }

    [Fact]
    public void A_five_megabyte_message_keeps_its_text_whole()
    {
        var text = new string('m', 5 * 1024 * 1024);

        var parsed = new CommandOutputParser().Parse(new JsonObject { ["type"] = "message", ["text"] = text }.ToJsonString());
        var (type, data) = (parsed.Type, parsed.Fields());

        type.ShouldBe(EventType.AgentMessage);
        ((string?)data["text"]).ShouldBe(text);
    }
}
