using Baton.ModelServer;
using static Baton.Agents.Tests.ModelServer.RequestBodies;

namespace Baton.Agents.Tests.ModelServer;

public class NormalisationTests : ModelServerFixture
{
    private async Task<ModelRequest> NormalizedAsync(string path, string body)
    {
        await PostAsync(path, body);
        return Server.Requests[^1].Normalized.ShouldNotBeNull();
    }

    [Fact]
    public async Task Codex_context_blocks_are_not_user_prompts_and_the_cwd_and_tools_are_read()
    {
        var request = await NormalizedAsync("/v1/responses", RequestBodies.Codex("Fix the bug"));

        request.Protocol.ShouldBe(WireProtocol.Responses);
        request.Model.ShouldBe("scripted-model");
        request.UserTexts.ShouldBe(["Fix the bug"]);
        request.WorkingDirectory.ShouldBe("/work/ws");
        request.Tools.Select(t => t.Name).ShouldBe(["exec_command", "write_stdin", "web_search"]);
        request.Tools[0].HasProperty("cmd").ShouldBeTrue();
        request.IsSideRequest.ShouldBeFalse();
        request.AllText.ShouldContain("You are Codex.");
        request.AllText.ShouldNotContain("Runs a command");
    }

    [Fact]
    public async Task A_resumed_Claude_session_counts_both_prompts_and_drops_system_reminders()
    {
        var messages = """
            [@@0@@,
             {"role":"assistant","content":[{"type":"text","text":"Hello"}]},
             @@1@@]
            """.Replace("@@0@@", ClaudeUser("first prompt"), StringComparison.Ordinal).Replace("@@1@@", ClaudeUser("second prompt"), StringComparison.Ordinal);
        var request = await NormalizedAsync("/v1/messages?beta=true", RequestBodies.Claude(messages));

        request.UserTexts.ShouldBe(["first prompt", "second prompt"]);
        request.UserMessageCount.ShouldBe(2);
        request.LastUserText.ShouldBe("second prompt");
        request.LastIsToolResult.ShouldBeFalse();
        request.Tools.Select(t => t.Name).ShouldBe(["Bash", "Write"]);
    }

    [Fact]
    public async Task A_Claude_tool_result_followed_by_a_reminder_is_the_last_thing_after_the_prompt()
    {
        var messages = """
            [@@0@@,
             {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"echo hi"}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"hi\n\n<system-reminder>\n<total_tokens>1 left</total_tokens>\n</system-reminder>","is_error":false},
                                       {"type":"text","text":"<system-reminder>todo list is empty</system-reminder>"}]}]
            """.Replace("@@0@@", ClaudeUser("RUN_SHELL"), StringComparison.Ordinal);
        var request = await NormalizedAsync("/v1/messages?beta=true", RequestBodies.Claude(messages));

        request.UserTexts.ShouldBe(["RUN_SHELL"]);
        request.LastIsToolResult.ShouldBeTrue();
        request.LastToolResultText.ShouldBe("hi");
    }

    [Fact]
    public async Task Gemini_session_context_is_dropped_and_function_responses_are_tool_results()
    {
        var contents = """
            [@@0@@,
             {"role":"model","parts":[{"functionCall":{"name":"run_shell_command","args":{"command":"echo hi"}}}]},
             {"role":"user","parts":[{"functionResponse":{"id":"x","name":"run_shell_command","response":{"output":"Output: hi"}}}]}]
            """.Replace("@@0@@", GeminiUser("RUN_SHELL"), StringComparison.Ordinal);
        var request = await NormalizedAsync("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", RequestBodies.Gemini(contents));

        request.Model.ShouldBe("gemini-2.5-flash");
        request.UserTexts.ShouldBe(["RUN_SHELL"]);
        request.LastIsToolResult.ShouldBeTrue();
        request.LastToolResultText.ShouldBe("Output: hi");
        request.WorkingDirectory.ShouldBe("/work/ws");
        request.Tools.Select(t => t.Name).ShouldBe(["run_shell_command", "write_file"]);
    }

    [Fact]
    public async Task A_new_prompt_after_a_tool_result_is_not_a_tool_continuation()
    {
        var messages = """
            {"role":"user","content":"RUN_SHELL"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"bash","arguments":"{}"}}]},
            {"role":"tool","tool_call_id":"call_1","content":"ok"},
            {"role":"assistant","content":"Done."},
            {"role":"user","content":"Say hello again"}
            """;
        var request = await NormalizedAsync("/v1/chat/completions", RequestBodies.Opencode(messages));

        request.UserTexts.ShouldBe(["RUN_SHELL", "Say hello again"]);
        request.LastIsToolResult.ShouldBeFalse();
        request.LastToolResultText.ShouldBeNull();
    }

    [Fact]
    public async Task A_title_request_without_tools_is_a_side_request_and_not_a_model_turn()
    {
        var title = """
            {"model":"fake-model","stream":true,"messages":[{"role":"system","content":"You are a title generator."},{"role":"user","content":"Say hello"}]}
            """;
        await PostAsync("/v1/chat/completions", title);
        await PostAsync("/v1/chat/completions", RequestBodies.Opencode("""{"role":"user","content":"Say hello"}"""));

        Server.Requests.Count.ShouldBe(2);
        Server.Requests[0].Normalized!.IsSideRequest.ShouldBeTrue();
        Server.ModelTurns.ShouldHaveSingleItem().ShouldBeSameAs(Server.Requests[1]);
    }
}
