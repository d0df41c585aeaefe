using System.Text.Json.Nodes;
using Baton.Agents.Command;
using Baton.Core.Events;

namespace Baton.Engine.Tests.Agents;

public sealed class CommandOutputParserEventTests
{
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
        var (type, _) = new CommandOutputParser().Parse($$"""{"type":"{{shortName}}","n":1}""");

        type.ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(AgentEvents))]
    public void An_agent_event_is_recognised_by_its_full_name(string shortName, EventType expected)
    {
        var (type, _) = new CommandOutputParser().Parse($$"""{"type":"agent.{{shortName}}","n":1}""");

        type.ShouldBe(expected);
    }

    [Fact]
    public void The_type_field_is_removed_from_the_data_and_every_other_field_is_kept()
    {
        var (type, data) = new CommandOutputParser().Parse("""{"type":"command","command":"dotnet test","exit_code":0,"extra":{"a":[1,2]}}""");

        type.ShouldBe(EventType.AgentCommand);
        data.ContainsKey("type").ShouldBeFalse();
        data.ToJsonString().ShouldBe("""{"command":"dotnet test","exit_code":0,"extra":{"a":[1,2]}}""");
    }

    [Fact]
    public void Whitespace_around_a_json_line_does_not_make_it_raw()
    {
        var (type, data) = new CommandOutputParser().Parse("""   {"type":"message","text":"hi"}  """);

        type.ShouldBe(EventType.AgentMessage);
        ((string?)data["text"]).ShouldBe("hi");
    }

    [Fact]
    public void A_five_megabyte_message_keeps_its_text_whole()
    {
        var text = new string('m', 5 * 1024 * 1024);

        var (type, data) = new CommandOutputParser().Parse(new JsonObject { ["type"] = "message", ["text"] = text }.ToJsonString());

        type.ShouldBe(EventType.AgentMessage);
        ((string?)data["text"]).ShouldBe(text);
    }
}
