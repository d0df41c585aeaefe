using System.Text.Json.Nodes;
using static Baton.Agents.Tests.ModelServer.RequestBodies;

namespace Baton.Agents.Tests.ModelServer;

public class AnthropicWireTests : ModelServerFixture
{
    [Fact]
    public async Task A_text_reply_streams_message_start_a_text_block_message_delta_and_message_stop()
    {
        var events = await StreamAsync("/v1/messages?beta=true", RequestBodies.Claude($"[{ClaudeUser("Say hello")}]"));

        events.Select(e => e.Name).Distinct().ShouldBe(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
        events.ShouldAllBe(e => e.Json["type"]!.GetValue<string>() == e.Name);
        events[0].Json["message"]!["usage"]!["input_tokens"]!.GetValue<int>().ShouldBe(100);
        events[0].Json["message"]!["model"]!.GetValue<string>().ShouldBe("claude-sonnet-4-5");
        var text = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Json["delta"]!["text"]!.GetValue<string>()));
        text.ShouldBe("Hello from the scripted model. user_msgs=1 last='Say hello'");
        var delta = events.Single(e => e.Name == "message_delta").Json;
        delta["delta"]!["stop_reason"]!.GetValue<string>().ShouldBe("end_turn");
        delta["usage"]!["output_tokens"]!.GetValue<int>().ShouldBe(10);
    }

    [Fact]
    public async Task RUN_SHELL_becomes_a_Bash_tool_use_whose_partial_json_joins_to_the_input()
    {
        var events = await StreamAsync("/v1/messages?beta=true", RequestBodies.Claude($"[{ClaudeUser("RUN_SHELL: touch a.txt")}]"));

        var start = events.Single(e => e.Name == "content_block_start").Json["content_block"]!;
        start["type"]!.GetValue<string>().ShouldBe("tool_use");
        start["name"]!.GetValue<string>().ShouldBe("Bash");
        start["id"]!.GetValue<string>().ShouldStartWith("toolu_");
        var json = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Json["delta"]!["partial_json"]!.GetValue<string>()));
        var input = JsonNode.Parse(json)!;
        input["command"]!.GetValue<string>().ShouldBe("touch a.txt");
        input["description"].ShouldNotBeNull();
        events.Single(e => e.Name == "message_delta").Json["delta"]!["stop_reason"]!.GetValue<string>().ShouldBe("tool_use");
    }

    [Fact]
    public async Task WRITE_FILE_becomes_Write_with_an_absolute_file_path()
    {
        var events = await StreamAsync("/v1/messages", RequestBodies.Claude($"[{ClaudeUser("WRITE_FILE: out/b.txt two words")}]"));

        events.Single(e => e.Name == "content_block_start").Json["content_block"]!["name"]!.GetValue<string>().ShouldBe("Write");
        var input = JsonNode.Parse(string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Json["delta"]!["partial_json"]!.GetValue<string>())))!;
        input["file_path"]!.GetValue<string>().ShouldBe("/work/ws/out/b.txt");
        input["content"]!.GetValue<string>().ShouldBe("two words");
    }

    [Fact]
    public async Task Reasoning_becomes_a_thinking_block_with_a_signature_before_the_text()
    {
        Server.Script = Baton.ModelServer.ModelScript.From(_ => new Baton.ModelServer.ModelReply.Text("answer", "pondering"));

        var events = await StreamAsync("/v1/messages", RequestBodies.Claude($"[{ClaudeUser("hi")}]"));

        var blocks = events.Where(e => e.Name == "content_block_start").Select(e => e.Json["content_block"]!["type"]!.GetValue<string>());
        blocks.ShouldBe(["thinking", "text"]);
        events.ShouldContain(e => e.Name == "content_block_delta" && e.Json["delta"]!["type"]!.GetValue<string>() == "signature_delta");
    }

    [Fact]
    public async Task Count_tokens_answers_without_counting_as_a_model_turn()
    {
        var (status, body, _) = await PostAsync("/v1/messages/count_tokens?beta=true", RequestBodies.Claude($"[{ClaudeUser("hi")}]"));

        status.ShouldBe(200);
        Parse(body)["input_tokens"]!.GetValue<int>().ShouldBe(100);
        Server.Requests.ShouldHaveSingleItem().Protocol.ShouldBe(Baton.ModelServer.WireProtocol.AnthropicMessages);
        Server.ModelTurns.ShouldBeEmpty();
    }
}
