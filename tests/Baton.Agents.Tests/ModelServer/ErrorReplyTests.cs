using System.Text.Json.Nodes;
using Baton.ModelServer;
using static Baton.Agents.Tests.ModelServer.RequestBodies;

namespace Baton.Agents.Tests.ModelServer;

public class ErrorReplyTests : ModelServerFixture
{
    public static TheoryData<string, int> Statuses => new() { { "FAIL_401", 401 }, { "FAIL_429", 429 }, { "FAIL_500", 500 } };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Responses_and_chat_errors_use_the_OpenAI_error_shape(string keyword, int status)
    {
        var responses = await PostAsync("/v1/responses", RequestBodies.Codex($"please {keyword} now"));
        var chat = await PostAsync("/v1/chat/completions", RequestBodies.Opencode($$"""{"role":"user","content":"{{keyword}}"}"""));

        foreach (var (actual, body, _) in new[] { responses, chat })
        {
            actual.ShouldBe(status);
            Parse(body)["error"]!["message"]!.GetValue<string>().ShouldBe($"scripted model server forced HTTP {status}");
        }
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Anthropic_errors_use_the_type_error_shape(string keyword, int status)
    {
        var (actual, body, _) = await PostAsync("/v1/messages?beta=true", RequestBodies.Claude($"[{ClaudeUser(keyword)}]"));

        actual.ShouldBe(status);
        var json = Parse(body);
        json["type"]!.GetValue<string>().ShouldBe("error");
        json["error"]!["type"]!.GetValue<string>().ShouldBe(status switch { 401 => "authentication_error", 429 => "rate_limit_error", _ => "api_error" });
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Gemini_errors_use_the_google_status_shape(string keyword, int status)
    {
        var (actual, body, _) = await PostAsync("/v1beta/models/m:streamGenerateContent?alt=sse", RequestBodies.Gemini($"[{GeminiUser(keyword)}]"));

        actual.ShouldBe(status);
        var error = Parse(body)["error"]!;
        error["code"]!.GetValue<int>().ShouldBe(status);
        error["status"]!.GetValue<string>().ShouldBe(status switch { 401 => "UNAUTHENTICATED", 429 => "RESOURCE_EXHAUSTED", _ => "INTERNAL" });
    }

    [Fact]
    public async Task A_script_that_throws_becomes_a_500_naming_the_exception()
    {
        Server.Script = ModelScript.From(_ => throw new InvalidOperationException("script bug"));

        var (status, body, _) = await PostAsync("/v1/responses", RequestBodies.Codex("hi"));

        status.ShouldBe(500);
        Parse(body)["error"]!["message"]!.GetValue<string>().ShouldContain("script bug");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_and_still_recorded()
    {
        var (status, _, _) = await PostAsync("/v1/messages", "not json");

        status.ShouldBe(400);
        var recorded = Server.Requests.ShouldHaveSingleItem();
        recorded.Body.ShouldBeNull();
        recorded.Normalized.ShouldBeNull();
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_with_a_json_body_and_recorded()
    {
        var (status, body, _) = await PostAsync("/v2/whatever", "{}");

        status.ShouldBe(404);
        Parse(body)["error"]!["message"]!.GetValue<string>().ShouldContain("/v2/whatever");
        Server.Requests.ShouldHaveSingleItem().Path.ShouldBe("/v2/whatever");
    }
}
