using Baton.Matrix.Bridge;

namespace Baton.Matrix.Tests.Bridge;

public sealed class ChatCommandTests
{
    [Theory]
    [InlineData("!run fix the build", "run", "fix the build")]
    [InlineData("/run fix the build", "run", "fix the build")]
    [InlineData("//run fix it", "run", "fix it")]
    [InlineData("  !STOP  ", "stop", "")]
    [InlineData("!task {\"title\": \"x\"}", "task", "{\"title\": \"x\"}")]
    [InlineData("!frobnicate now", "frobnicate", "now")]
    public void Commands_are_read_with_either_prefix(string body, string verb, string argument)
    {
        var command = ChatCommand.Parse(body).ShouldNotBeNull();
        command.Verb.ShouldBe(verb);
        command.Argument.ShouldBe(argument);
    }

    [Theory]
    [InlineData("please fix the build")]
    [InlineData("! not a command")]
    [InlineData("/ 2 is a fraction")]
    [InlineData("!")]
    [InlineData("/home/user/path is wrong")]
    public void Plain_text_is_not_a_command(string body)
    {
        ChatCommand.Parse(body).ShouldBeNull();
    }

    [Fact]
    public void Unknown_verbs_are_commands_that_are_not_known()
    {
        ChatCommand.Parse("!frobnicate")!.IsKnown.ShouldBeFalse();
        ChatCommand.Parse("!new")!.IsKnown.ShouldBeTrue();
    }
}
