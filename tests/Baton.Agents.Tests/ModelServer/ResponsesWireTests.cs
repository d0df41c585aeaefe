using System.Text.Json.Nodes;
using static Baton.Agents.Tests.ModelServer.RequestBodies;

namespace Baton.Agents.Tests.ModelServer;

public class ResponsesWireTests : ModelServerFixture
{
    [Fact]
    public async Task A_text_reply_streams_the_Responses_events_with_deltas_that_join_to_the_text_and_usage()
    {
        var events = await StreamAsync("/v1/responses", RequestBodies.Codex("Say hello"));

        events.Select(e => e.Name).ShouldBe(
        [
            "response.created", "response.output_item.added", "response.content_part.added",
            .. events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Name),
            "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
        ]);
        events.ShouldAllBe(e => e.Json["type"]!.GetValue<string>() == e.Name);
        var deltas = string.Concat(events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Json["delta"]!.GetValue<string>()));
        deltas.ShouldBe("Hello from the scripted model. user_msgs=1 last='Say hello'");
        events.Count(e => e.Name == "response.output_text.delta").ShouldBeGreaterThan(1);
        var done = events.Single(e => e.Name == "response.output_item.done").Json["item"]!;
        done["content"]![0]!["text"]!.GetValue<string>().ShouldBe(deltas);
        var usage = events[^1].Json["response"]!["usage"]!;
        usage["input_tokens"]!.GetValue<int>().ShouldBe(100);
        usage["output_tokens"]!.GetValue<int>().ShouldBe(10);
        usage["total_tokens"]!.GetValue<int>().ShouldBe(110);
    }

    [Fact]
    public async Task RUN_SHELL_becomes_an_exec_command_function_call_with_cmd()
    {
        var events = await StreamAsync("/responses", RequestBodies.Codex("RUN_SHELL"));

        var item = events.Single(e => e.Name == "response.output_item.done").Json["item"]!;
        item["type"]!.GetValue<string>().ShouldBe("function_call");
        item["name"]!.GetValue<string>().ShouldBe("exec_command");
        item["call_id"]!.GetValue<string>().ShouldStartWith("call_");
        JsonNode.Parse(item["arguments"]!.GetValue<string>())!["cmd"]!.GetValue<string>().ShouldBe("echo hi > out.txt");
        events[^1].Name.ShouldBe("response.completed");
    }

    [Fact]
    public async Task WRITE_FILE_without_apply_patch_falls_back_to_a_quoted_shell_command()
    {
        var events = await StreamAsync("/v1/responses", RequestBodies.Codex("WRITE_FILE: notes.txt it's done"));

        var item = events.Single(e => e.Name == "response.output_item.done").Json["item"]!;
        var cmd = JsonNode.Parse(item["arguments"]!.GetValue<string>())!["cmd"]!.GetValue<string>();
        cmd.ShouldBe("printf '%s\\n' 'it'\\''s done' > 'notes.txt'");
    }

    [Fact]
    public async Task WRITE_FILE_with_the_freeform_apply_patch_tool_offered_becomes_a_custom_tool_call()
    {
        var events = await StreamAsync("/v1/responses", RequestBodies.Codex("WRITE_FILE: hello.txt hello world", tools: $"[{ApplyPatchTool}]"));

        var item = events.Single(e => e.Name == "response.output_item.done").Json["item"]!;
        item["type"]!.GetValue<string>().ShouldBe("custom_tool_call");
        item["name"]!.GetValue<string>().ShouldBe("apply_patch");
        item["input"]!.GetValue<string>().ShouldBe("*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\n");
    }

    [Fact]
    public async Task A_tool_result_after_the_prompt_gets_the_done_text()
    {
        var extra = """
            ,{"type":"function_call","call_id":"call_1","name":"exec_command","arguments":"{\"cmd\":\"echo hi\"}"},
             {"type":"function_call_output","call_id":"call_1","output":"Process exited with code 0"}
            """;
        var events = await StreamAsync("/v1/responses", RequestBodies.Codex("RUN_SHELL", extraItems: extra));

        events.Single(e => e.Name == "response.output_text.done").Json["text"]!.GetValue<string>()
            .ShouldBe("Done. I ran the command and it succeeded.");
        var turn = Server.ModelTurns.ShouldHaveSingleItem().Normalized!;
        turn.LastIsToolResult.ShouldBeTrue();
        turn.LastToolResultText.ShouldBe("Process exited with code 0");
    }

    [Fact]
    public async Task Reasoning_is_streamed_as_a_reasoning_item_before_the_message()
    {
        Server.Script = Baton.ModelServer.ModelScript.From(_ => new Baton.ModelServer.ModelReply.Text("answer", "thinking hard"));

        var events = await StreamAsync("/v1/responses", RequestBodies.Codex("Say hello"));

        var items = events.Where(e => e.Name == "response.output_item.done").Select(e => e.Json["item"]!).ToList();
        items.Select(i => i["type"]!.GetValue<string>()).ShouldBe(["reasoning", "message"]);
        items[0]["summary"]![0]!["text"]!.GetValue<string>().ShouldBe("thinking hard");
    }

    [Fact]
    public async Task A_non_streaming_request_gets_the_whole_response_as_json()
    {
        var (status, body, _) = await PostAsync("/v1/responses", RequestBodies.Codex("Say hello").Replace("\"stream\":true", "\"stream\":false", StringComparison.Ordinal));

        status.ShouldBe(200);
        var response = Parse(body);
        response["status"]!.GetValue<string>().ShouldBe("completed");
        response["output"]![0]!["content"]![0]!["text"]!.GetValue<string>().ShouldContain("user_msgs=1");
    }
}
