using System.Diagnostics;
using System.Text;
using Baton.ModelServer;
using Baton.Testing;
using static Baton.Agents.Tests.ModelServer.RequestBodies;

namespace Baton.Agents.Tests.ModelServer;

public class ServerLifecycleTests
{
    [Fact]
    public async Task It_listens_on_loopback_with_a_base_url_without_a_path()
    {
        await using var server = await ScriptedModelServer.StartAsync();

        server.BaseUrl.Host.ShouldBe("127.0.0.1");
        server.BaseUrl.Port.ShouldBeGreaterThan(0);
        server.BaseUrl.AbsolutePath.ShouldBe("/");
        server.BaseUrl.ToString().ShouldBe($"http://127.0.0.1:{server.BaseUrl.Port}/");
    }

    [Fact]
    public async Task A_hanging_request_is_held_until_dispose_which_releases_it_quickly()
    {
        var server = await ScriptedModelServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent(RequestBodies.Claude($"[{ClaudeUser("HANG")}]"), Encoding.UTF8, "application/json");
        var pending = http.PostAsync(new Uri(server.BaseUrl, "/v1/messages"), content);

        (await Eventually.TrueAsync(() => server.Requests.Count == 1, TimeSpan.FromSeconds(10))).ShouldBeTrue();
        var early = await Task.WhenAny(pending, Task.Delay(300));
        early.ShouldNotBe(pending, "the request should still be held");

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        await Should.ThrowAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task A_hanging_request_ends_when_the_client_gives_up()
    {
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.From(_ => new ModelReply.Hang()));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
        using var content = new StringContent(RequestBodies.Codex("hi"), Encoding.UTF8, "application/json");

        await Should.ThrowAsync<TaskCanceledException>(() => http.PostAsync(new Uri(server.BaseUrl, "/v1/responses"), content));
        server.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Requests_are_recorded_in_order_with_method_path_headers_and_body()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var http = new HttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri(server.BaseUrl, "/api/hello"));
        (await http.SendAsync(head)).IsSuccessStatusCode.ShouldBeTrue();
        (await http.GetAsync(new Uri(server.BaseUrl, "/v1/models"))).IsSuccessStatusCode.ShouldBeTrue();
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, "/v1/messages?beta=true"))
        {
            Content = new StringContent(RequestBodies.Claude($"[{ClaudeUser("Say hello")}]"), Encoding.UTF8, "application/json"),
        };
        post.Headers.Add("x-api-key", "fake-key");
        (await http.SendAsync(post)).IsSuccessStatusCode.ShouldBeTrue();

        var requests = server.Requests;
        requests.Select(r => (r.Method, r.Path)).ShouldBe([("HEAD", "/api/hello"), ("GET", "/v1/models"), ("POST", "/v1/messages")]);
        requests[2].Headers["x-api-key"].ShouldBe("fake-key");
        requests[2].Headers["X-API-KEY"].ShouldBe("fake-key");
        requests[2].Body!["model"]!.GetValue<string>().ShouldBe("claude-sonnet-4-5");
        requests[2].Protocol.ShouldBe(WireProtocol.AnthropicMessages);
        requests[0].Protocol.ShouldBeNull();
        server.ModelTurns.ShouldHaveSingleItem().ShouldBeSameAs(requests[2]);
    }

    [Fact]
    public async Task The_model_list_satisfies_the_openai_anthropic_and_gemini_list_shapes()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var http = new HttpClient();

        var json = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, "/v1beta/models")))!;

        json["data"]!.AsArray().ShouldNotBeEmpty();
        json["data"]![0]!["id"].ShouldNotBeNull();
        json["models"]![0]!["name"]!.GetValue<string>().ShouldStartWith("models/");
    }

    [Fact]
    public async Task Swapping_the_script_changes_the_next_answer()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var http = new HttpClient();
        async Task<string> AskAsync()
        {
            using var content = new StringContent(RequestBodies.Opencode("""{"role":"user","content":"hi"}""").Replace("\"stream\":true", "\"stream\":false", StringComparison.Ordinal), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(server.BaseUrl, "/v1/chat/completions"), content);
            return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        }

        (await AskAsync()).ShouldStartWith("Hello from the scripted model.");
        server.Script = ModelScript.From(r => new ModelReply.Text($"phase two saw {r.UserMessageCount}"));
        (await AskAsync()).ShouldBe("phase two saw 1");
    }

    [Fact]
    public async Task A_usage_delay_holds_the_final_event_back()
    {
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Default.WithUsageDelay(TimeSpan.FromMilliseconds(400)));
        using var http = new HttpClient();
        using var content = new StringContent(RequestBodies.Codex("hi"), Encoding.UTF8, "application/json");

        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync(new Uri(server.BaseUrl, "/v1/responses"), content);
        (await response.Content.ReadAsStringAsync()).ShouldContain("response.completed");
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350));
    }
}
