using System.Text.Json.Nodes;
using static Baton.Agents.Tests.ModelServer.RequestBodies;

namespace Baton.Agents.Tests.ModelServer;

public class GeminiWireTests : ModelServerFixture
{
    private const string StreamPath = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";

    [Fact]
    public async Task A_text_reply_streams_data_lines_whose_last_chunk_has_STOP_and_usage()
    {
        var events = await StreamAsync(StreamPath, RequestBodies.Gemini($"[{GeminiUser("Say hello")}]"));

        events.ShouldAllBe(e => e.Name == null);
        var chunks = events.Select(e => e.Json).ToList();
        chunks.Count.ShouldBeGreaterThan(1);
        var text = string.Concat(chunks.Select(c => c["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>()));
        text.ShouldBe("Hello from the scripted model. user_msgs=1 last='Say hello'");
        chunks[^1]["candidates"]![0]!["finishReason"]!.GetValue<string>().ShouldBe("STOP");
        chunks[^1]["usageMetadata"]!["promptTokenCount"]!.GetValue<int>().ShouldBe(100);
        chunks[^1]["usageMetadata"]!["candidatesTokenCount"]!.GetValue<int>().ShouldBe(10);
        chunks[^1]["modelVersion"]!.GetValue<string>().ShouldBe("gemini-2.5-flash");
    }

    [Fact]
    public async Task RUN_SHELL_becomes_a_run_shell_command_function_call()
    {
        var events = await StreamAsync(StreamPath, RequestBodies.Gemini($"[{GeminiUser("RUN_SHELL")}]"));

        var call = events.ShouldHaveSingleItem().Json["candidates"]![0]!["content"]!["parts"]![0]!["functionCall"]!;
        call["name"]!.GetValue<string>().ShouldBe("run_shell_command");
        call["args"]!["command"]!.GetValue<string>().ShouldBe("echo hi > out.txt");
        call["args"]!["description"].ShouldNotBeNull();
    }

    [Fact]
    public async Task WRITE_FILE_becomes_write_file_with_file_path_and_content()
    {
        var events = await StreamAsync(StreamPath, RequestBodies.Gemini($"[{GeminiUser("WRITE_FILE: /abs/c.txt words here")}]"));

        var args = events.ShouldHaveSingleItem().Json["candidates"]![0]!["content"]!["parts"]![0]!["functionCall"]!["args"]!;
        args["file_path"]!.GetValue<string>().ShouldBe("/abs/c.txt");
        args["content"]!.GetValue<string>().ShouldBe("words here");
    }

    [Fact]
    public async Task A_json_mode_router_call_gets_a_value_that_satisfies_its_schema()
    {
        var router = """
            {"contents":[{"role":"user","parts":[{"text":"Say hello"}]}],
             "generationConfig":{"responseMimeType":"application/json","responseJsonSchema":{"type":"OBJECT",
               "properties":{"reasoning":{"type":"STRING"},"complexity_score":{"type":"INTEGER","minimum":1,"maximum":100}},
               "required":["reasoning","complexity_score"]}}}
            """;
        var (status, body, _) = await PostAsync("/v1beta/models/gemini-2.5-flash-lite:generateContent", router);

        status.ShouldBe(200);
        var text = Parse(body)["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>();
        var value = JsonNode.Parse(text)!;
        value["complexity_score"]!.GetValue<long>().ShouldBe(1);
        value["reasoning"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        Server.Requests.ShouldHaveSingleItem().Normalized!.IsSideRequest.ShouldBeTrue();
        Server.ModelTurns.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_next_speaker_check_is_answered_with_user_so_the_cli_stops()
    {
        var check = """
            {"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":[{"text":"hello"}]}],
             "generationConfig":{"responseMimeType":"application/json","responseJsonSchema":{"type":"object",
               "properties":{"reasoning":{"type":"string"},"next_speaker":{"type":"string","enum":["model","user"]}}}}}
            """;
        var (_, body, _) = await PostAsync("/v1beta/models/gemini-2.5-flash:generateContent", check);

        var value = JsonNode.Parse(Parse(body)["candidates"]![0]!["content"]!["parts"]![0]!["text"]!.GetValue<string>())!;
        value["next_speaker"]!.GetValue<string>().ShouldBe("user");
    }

    [Fact]
    public async Task Count_tokens_answers_totalTokens()
    {
        var (status, body, _) = await PostAsync("/v1beta/models/gemini-2.5-flash:countTokens", """{"contents":[]}""");

        status.ShouldBe(200);
        Parse(body)["totalTokens"]!.GetValue<int>().ShouldBe(100);
    }
}
