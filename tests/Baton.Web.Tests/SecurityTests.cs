using System.Net;
using System.Net.Sockets;
using Baton.Core.Agents;
using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;

namespace Baton.Web.Tests;

/// <summary>Who may use the API: tokens on every route (streams included), the sign-in cookie, cross-site and rebinding refusals, ports.</summary>
public sealed class SecurityTests
{
    private const string AliceToken = "alice-token-0123456789abcdef";
    private const string BobToken = "bob-token-0123456789abcdef00";

    private static Task<WebHarness> WithTokensAsync() => WebHarness.StartAsync(work: false, tokens:
        [new ApiToken("alice", new AgentSecret(AliceToken)), new ApiToken("bob", new AgentSecret(BobToken))]);

    [Theory]
    [InlineData("GET", "/api/v1/tasks")]
    [InlineData("POST", "/api/v1/tasks")]
    [InlineData("GET", "/api/v1/events")]
    [InlineData("GET", "/api/v1/runs/r0x/events")]
    [InlineData("POST", "/api/v1/queue/pause")]
    [InlineData("GET", "/api/v1/openapi.json")]
    public async Task With_tokens_every_route_wants_one(string method, string path)
    {
        await using var web = await WithTokensAsync();

        var none = await web.Client.SendAsync(WebHarness.Request(new HttpMethod(method), path, json: method == "POST" ? "{}" : null));
        var wrong = await web.Client.SendAsync(WebHarness.Request(new HttpMethod(method), path, token: "not-a-token-at-all-xxxxxxxx", json: method == "POST" ? "{}" : null));

        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await web.App.Desk.IsQueuePausedAsync(default)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_token_names_who_asks()
    {
        await using var web = await WithTokensAsync();

        var response = await web.Client.SendAsync(WebHarness.Request(HttpMethod.Post, "/api/v1/tasks", BobToken, """{"title":"from bob"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var queued = (await web.App.Store.ReadFeedAsync(new FeedQuery(), 10, default))[0];
        queued.Data.ShouldBeOfType<TaskQueuedData>().By.ShouldBe("bob (http)");
        (await web.App.Store.ListTasksAsync(new TaskQuery(), default)).Single().Requester.ShouldBe("bob");
    }

    [Fact]
    public async Task A_browser_signs_in_once_and_then_uses_an_http_only_same_site_cookie()
    {
        await using var web = await WithTokensAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = web.Server.Url };

        var page = await browser.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldStartWith("/signin");
        (await browser.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var bad = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "nope", ["next"] = "/" }));
        bad.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = AliceToken, ["next"] = "//evil.example/" }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        signIn.Headers.Location!.ToString().ShouldBe("/");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldNotContain(AliceToken);

        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var created = await browser.PostAsync("/api/v1/tasks", WebHarness.Json("""{"title":"from the browser"}"""));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await web.App.Store.ListTasksAsync(new TaskQuery(), default)).Single().Requester.ShouldBe("alice");

        (await browser.PostAsync("/signout", WebHarness.Json("{}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.GetAsync("/api/v1/tasks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_site_cannot_drive_the_controls()
    {
        await using var web = await WebHarness.StartAsync(work: false);

        // A cross-site form can only send a "simple" request: no JSON content type.
        var form = await web.Client.PostAsync("/api/v1/queue/pause", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        form.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var crossSite = WebHarness.Request(HttpMethod.Post, "/api/v1/queue/pause", json: "{}");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        (await web.Client.SendAsync(crossSite)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host.
        var rebound = WebHarness.Request(HttpMethod.Get, "/api/v1/tasks");
        rebound.Headers.Host = "evil.example:8080";
        (await web.Client.SendAsync(rebound)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await web.App.Desk.IsQueuePausedAsync(default)).ShouldBeFalse();
        var headers = (await web.Client.GetAsync("/")).Headers;
        headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
        headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task Off_loopback_the_server_refuses_to_start_without_a_token()
    {
        var ex = await Should.ThrowAsync<DeskException>(() => WebHarness.StartAsync(work: false, server: new ServerConfig { Host = "0.0.0.0", Port = 0 }));

        ex.Message.ShouldContain("needs a token");
    }

    [Fact]
    public async Task A_taken_port_moves_to_the_next_free_one()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var web = await WebHarness.StartAsync(work: false, server: new ServerConfig { Port = taken });

        web.Server.TakenPort.ShouldBe(taken);
        web.Server.Url.Port.ShouldBeGreaterThan(taken);
        (await web.Client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
