using Baton.Agents.Command;
using Baton.Core.Events;
using Baton.Testing;

namespace Baton.Engine.Tests.Agents;

public sealed class CommandOutputParserRawTests
{
    private static void ShouldBeKeptWholeAsRaw(string line)
    {
        var parsed = new CommandOutputParser().Parse(line);
        var (type, data) = (parsed.Type, parsed.Fields());

        type.ShouldBe(EventType.AgentRaw);
        data.Count.ShouldBe(1);
        ((string?)data["line"]).ShouldBe(line);
    }

    [Theory]
    [InlineData("""{"type":"banana","text":"x"}""")]
    [InlineData("""{"type":5}""")]
    [InlineData("""{"type":null}""")]
    [InlineData("""{"type":{"name":"message"}}""")]
    [InlineData("""{"text":"no type at all"}""")]
    [InlineData("{}")]
    [InlineData("""{"type":"run.finished","state":"succeeded"}""")]
    [InlineData("""{"type":"task.state","state":"succeeded"}""")]
    [InlineData("""{"type":"agent.run.finished"}""")]
    public void A_json_object_that_names_no_agent_event_is_kept_whole_as_raw(string line) => ShouldBeKeptWholeAsRaw(line);

    [Theory]
    [InlineData("""[{"type":"message","text":"x"}]""")]
    [InlineData("\"message\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void Json_that_is_not_an_object_is_kept_whole_as_raw(string line) => ShouldBeKeptWholeAsRaw(line);

    [Theory]
    [InlineData("Compiling 12 files…")]
    [InlineData("type: message")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("""{"type":"message","text":"x",}""")]
    [InlineData("""{"type":"message" "text":"x"}""")]
    [InlineData("""{'type':'message'}""")]
    [InlineData("""{"type":"message","text":"x"} trailing""")]
    [InlineData("""{"type":"message","te""")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Plain_text_and_malformed_or_truncated_json_are_kept_whole_as_raw(string line) => ShouldBeKeptWholeAsRaw(line);

    [Theory]
    [InlineData("""{"type":"agent.raw","line":"forged"}""")]
    [InlineData("""{"type":"raw","line":"forged"}""")]
    [InlineData("""{"type":"agent.raw"}""")]
    public void An_explicit_raw_type_is_not_trusted_and_the_original_line_is_kept(string line) => ShouldBeKeptWholeAsRaw(line);

    [Fact]
    public void A_five_megabyte_plain_text_line_is_kept_whole() => ShouldBeKeptWholeAsRaw(new string('x', 5 * 1024 * 1024));

    [Fact]
    public void A_five_megabyte_truncated_json_line_is_kept_whole() =>
        ShouldBeKeptWholeAsRaw("""{"type":"message","text":""" + "\"" + new string('y', 5 * 1024 * 1024));

    [Theory]
    [InlineData(200)]
    [InlineData(100_000)]
    public void Json_nested_deeper_than_the_parser_allows_is_kept_whole_as_raw(int depth) =>
        ShouldBeKeptWholeAsRaw("""{"type":"message","text":"x","deep":""" + new string('[', depth) + new string(']', depth) + "}");

    [Fact]
    public void A_json_object_with_a_duplicate_key_is_kept_whole_as_raw() =>
        ShouldBeKeptWholeAsRaw("""{"type":"message","text":"first","text":"second"}""");

    [Fact]
    public void A_message_whose_text_has_an_escaped_lone_surrogate_is_kept_whole_as_raw() =>
        ShouldBeKeptWholeAsRaw("""{"type":"message","text":"cut emoji \ud83d"}""");
}
