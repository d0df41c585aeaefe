using Baton.ModelServer;

namespace Baton.Agents.Tests.ModelServer;

public class DefaultScriptTests
{
    private static ModelReply Decide(string prompt, bool toolResult = false, bool side = false) =>
        ModelScript.Default.Decide(new ModelRequest { UserTexts = ["earlier", prompt], LastIsToolResult = toolResult, IsSideRequest = side });

    [Fact]
    public void RUN_SHELL_alone_runs_the_default_command() =>
        Decide("please RUN_SHELL").ShouldBe(new ModelReply.Shell("echo hi > out.txt"));

    [Fact]
    public void RUN_SHELL_with_a_colon_runs_the_rest_of_that_line() =>
        Decide("do it\nRUN_SHELL: ls -la | wc -l\nthanks").ShouldBe(new ModelReply.Shell("ls -la | wc -l"));

    [Fact]
    public void WRITE_FILE_takes_a_path_and_the_remaining_words() =>
        Decide("WRITE_FILE: a/b.txt hello there").ShouldBe(new ModelReply.WriteFile("a/b.txt", "hello there"));

    [Fact]
    public void Opencode_quoting_of_a_single_argument_does_not_leak_into_the_command() =>
        Decide("\"RUN_SHELL: touch x\"").ShouldBe(new ModelReply.Shell("touch x"));

    [Theory]
    [InlineData("FAIL_401", 401)]
    [InlineData("x FAIL_429 y", 429)]
    [InlineData("FAIL_500", 500)]
    public void FAIL_keywords_are_errors(string prompt, int status) =>
        Decide(prompt).ShouldBeOfType<ModelReply.Error>().Status.ShouldBe(status);

    [Fact]
    public void HANG_hangs_but_CHANGE_does_not()
    {
        Decide("HANG").ShouldBeOfType<ModelReply.Hang>();
        Decide("CHANGE the file").ShouldBeOfType<ModelReply.Text>();
    }

    [Fact]
    public void A_tool_result_after_the_prompt_wins_over_keywords() =>
        Decide("RUN_SHELL", toolResult: true).ShouldBe(new ModelReply.Text("Done. I ran the command and it succeeded."));

    [Fact]
    public void A_side_request_gets_a_short_text_even_with_keywords() =>
        Decide("FAIL_401", side: true).ShouldBeOfType<ModelReply.Text>().Content.ShouldNotContain("401");

    [Fact]
    public void Otherwise_it_says_hello_with_the_user_message_count_and_the_prompt_cut_to_80() =>
        Decide(new string('x', 100)).ShouldBe(new ModelReply.Text($"Hello from the scripted model. user_msgs=2 last='{new string('x', 80)}'"));
}
