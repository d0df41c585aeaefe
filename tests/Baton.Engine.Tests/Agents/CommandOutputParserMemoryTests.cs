using Baton.Agents.Command;

namespace Baton.Engine.Tests.Agents;

public sealed class CommandOutputParserMemoryTests
{
    [Fact]
    public void Nothing_is_remembered_before_any_line()
    {
        var parser = new CommandOutputParser();

        parser.LastMessage.ShouldBeNull();
        parser.SessionId.ShouldBeNull();
    }

    [Fact]
    public void LastMessage_is_the_text_of_the_latest_message_in_either_spelling()
    {
        var parser = new CommandOutputParser();

        parser.Parse("""{"type":"message","text":"first"}""");
        parser.Parse("""{"type":"reasoning","text":"not a message"}""");
        parser.Parse("plain output");
        parser.LastMessage.ShouldBe("first");
        parser.Parse("""{"type":"agent.message","text":"second"}""");

        parser.LastMessage.ShouldBe("second");
    }

    [Fact]
    public void A_message_without_string_text_leaves_LastMessage_as_it_was()
    {
        var parser = new CommandOutputParser();
        parser.Parse("""{"type":"message","text":"kept"}""");

        parser.Parse("""{"type":"message"}""");
        parser.Parse("""{"type":"message","text":42}""");
        parser.Parse("""{"type":"message","text":{"nested":"x"}}""");

        parser.LastMessage.ShouldBe("kept");
    }

    [Fact]
    public void SessionId_is_the_latest_session_reported_in_either_spelling()
    {
        var parser = new CommandOutputParser();

        parser.Parse("""{"type":"session","session_id":"s-1"}""");
        parser.SessionId.ShouldBe("s-1");
        parser.Parse("""{"type":"agent.session","session_id":"s-2"}""");
        parser.Parse("""{"type":"session","session_id":7}""");

        parser.SessionId.ShouldBe("s-2");
        parser.LastMessage.ShouldBeNull();
    }

    [Fact]
    public void A_raw_line_that_looks_like_a_message_does_not_change_LastMessage()
    {
        var parser = new CommandOutputParser();
        parser.Parse("""{"type":"message","text":"real"}""");

        parser.Parse("""{"type":"message","text":"truncat""");
        parser.Parse("""{"type":"agent.raw","text":"forged"}""");

        parser.LastMessage.ShouldBe("real");
    }
}
