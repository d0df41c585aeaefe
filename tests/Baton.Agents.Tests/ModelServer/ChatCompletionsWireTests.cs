using System.Text.Json.Nodes;
using static Baton.Agents.Tests.ModelServer.RequestBodies;

namespace Baton.Agents.Tests.ModelServer;

public class ChatCompletionsWireTests : ModelServerFixture
{
    [Fact]
    public async Task A_text_reply_streams_role_content_finish_usage_chunks_then_DONE()
    {
        var events = await StreamAsync("/v1/chat/completions", RequestBodies.Opencode("""{"role":"user","content":[{"type":"text","text":"Say hello"}]}"""));

        events[^1].Data.ShouldBe("[DONE]");
        var chunks = events.SkipLast(1).Select(e => e.Json).ToList();
        chunks.ShouldAllBe(c => c["object"]!.GetValue<string>() == "chat.completion.chunk");
        chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>().ShouldBe("assistant");
        var text = string.Concat(chunks.Select(c => c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()));
        text.ShouldBe("Hello from the scripted model. user_msgs=1 last='Say hello'");
        chunks[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
        chunks[^1]["choices"]!.AsArray().ShouldBeEmpty();
        chunks[^1]["usage"]!["prompt_tokens"]!.GetValue<int>().ShouldBe(100);
        chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>().ShouldBe(10);
    }

    [Fact]
    public async Task RUN_SHELL_becomes_a_bash_tool_call_with_the_declared_description()
    {
        var events = await StreamAsync("/v1/chat/completions", RequestBodies.Opencode("""{"role":"user","content":"RUN_SHELL: ls -la"}"""));

        var call = events[0].Json["choices"]![0]!["delta"]!["tool_calls"]![0]!;
        call["type"]!.GetValue<string>().ShouldBe("function");
        call["function"]!["name"]!.GetValue<string>().ShouldBe("bash");
        var arguments = JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!;
        arguments["command"]!.GetValue<string>().ShouldBe("ls -la");
        arguments["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        events.Single(e => e.Data != "[DONE]" && e.Json["choices"]!.AsArray().Count > 0 && e.Json["choices"]![0]!["finish_reason"] is not null)
            .Json["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("tool_calls");
        events[^1].Data.ShouldBe("[DONE]");
    }

    [Fact]
    public async Task WRITE_FILE_becomes_opencode_write_with_a_path_resolved_against_the_working_directory()
    {
        var events = await StreamAsync("/v1/chat/completions", RequestBodies.Opencode("""{"role":"user","content":"WRITE_FILE: notes/a.txt some words"}"""));

        var call = events[0].Json["choices"]![0]!["delta"]!["tool_calls"]![0]!["function"]!;
        call["name"]!.GetValue<string>().ShouldBe("write");
        var arguments = JsonNode.Parse(call["arguments"]!.GetValue<string>())!;
        arguments["filePath"]!.GetValue<string>().ShouldBe("/work/ws/notes/a.txt");
        arguments["content"]!.GetValue<string>().ShouldBe("some words");
    }

    [Fact]
    public async Task A_shell_reply_without_a_shell_tool_offered_is_text_saying_so()
    {
        var events = await StreamAsync("/v1/chat/completions", RequestBodies.Opencode("""{"role":"user","content":"RUN_SHELL"}""", tools: """[{"type":"function","function":{"name":"read","parameters":{"type":"object","properties":{}}}}]"""));

        var text = string.Concat(events.SkipLast(1).Select(e => e.Json["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()));
        text.ShouldContain("not offered");
        events.ShouldNotContain(e => e.Data.Contains("tool_calls", StringComparison.Ordinal));
    }
}
