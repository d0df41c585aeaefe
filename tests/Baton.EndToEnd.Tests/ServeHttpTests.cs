using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>The real <c>baton serve</c> as a new user starts it: the printed dashboard URL answers, a task submitted over HTTP runs, ports and tokens behave.</summary>
public sealed partial class ServeHttpTests
{
    private const string Config = """
        version: 1
        agents:
          shell: { kind: command, command: "echo done > done.txt" }
        pipelines:
          default:
            stages: [ { id: build, kind: agent, role: builder } ]
            gates: [ "test -f done.txt" ]
        """;

    [GeneratedRegex(@"dashboard at (http://\S+/)")]
    private static partial Regex DashboardLine();

    /// <summary>Starts <c>baton serve</c> and waits for the line that prints the dashboard URL.</summary>
    private static async Task<(Process Process, Uri Url, StringBuilder Stderr)> ServeAsync(BatonProject p, IDictionary<string, string>? env, params string[] args)
    {
        var process = BatonCli.Start(p.Path, env, ["serve", .. args]);
        var stderr = new StringBuilder();
        var url = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                url.TrySetException(new InvalidOperationException($"baton serve ended before printing its URL:\n{stderr}"));
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (DashboardLine().Match(e.Data) is { Success: true } m)
            {
                url.TrySetResult(new Uri(m.Groups[1].Value));
            }
        };
        process.BeginErrorReadLine();
        return (process, await url.Task.WaitAsync(TimeSpan.FromSeconds(60)), stderr);
    }

    private static async Task<int> InterruptAsync(Process process)
    {
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    [Fact]
    public async Task The_printed_url_serves_the_dashboard_and_a_task_posted_there_runs_to_success()
    {
        using var p = new BatonProject(Config);
        var port = FreePorts.Next();
        var (serve, url, stderr) = await ServeAsync(p, null, "--listen", $"127.0.0.1:{port}");
        using var _ = serve;
        using var http = new HttpClient { BaseAddress = url };

        url.Port.ShouldBe(port);
        (await http.GetStringAsync("/")).ShouldContain("<title>Baton</title>");
        var created = await http.PostAsync("/api/v1/tasks", new StringContent("""{"title":"over http"}""", Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["task"]!["id"]!.GetValue<string>();
        (await Eventually.TrueAsync(async () => JsonNode.Parse(await http.GetStringAsync($"/api/v1/tasks/{id}"))!["task"]!["state"]!.GetValue<string>() == "succeeded",
            TimeSpan.FromSeconds(60))).ShouldBeTrue(stderr.ToString());
        var status = await p.JsonAsync("tasks", "show", id);
        status.Json!["task"]!["state"]!.GetValue<string>().ShouldBe("succeeded");

        (await InterruptAsync(serve)).ShouldBeOneOf(0, 130);
    }

    [Fact]
    public async Task A_second_serve_on_a_taken_port_says_so_and_takes_the_next_free_one()
    {
        using var first = new BatonProject(Config);
        using var second = new BatonProject(Config);
        var port = FreePorts.Next();
        var (one, url1, _) = await ServeAsync(first, null, "--listen", $"127.0.0.1:{port}");
        using var __ = one;

        var (two, url2, stderr2) = await ServeAsync(second, null, "--listen", $"127.0.0.1:{port}");
        using var ___ = two;

        url1.Port.ShouldBe(port);
        url2.Port.ShouldBeGreaterThan(port);
        stderr2.ToString().ShouldContain($"port {port} is taken");
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(url2, "/healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await InterruptAsync(two);
        await InterruptAsync(one);
    }

    [Fact]
    public async Task Off_loopback_serve_refuses_to_start_without_a_token_and_with_one_every_route_wants_it()
    {
        using var p = new BatonProject(Config + "\nserver: { listen: \"0.0.0.0:0\" }\n");

        var refused = await p.RunAsync("serve");

        refused.ExitCode.ShouldBe(2);
        refused.Stderr.ShouldContain("needs a token");

        p.WriteConfig(Config + "\nserver: { listen: \"0.0.0.0:0\", token_env: E2E_BATON_TOKEN }\n");
        var unset = await p.RunAsync("serve");
        unset.ExitCode.ShouldBe(2);
        unset.Stderr.ShouldContain("E2E_BATON_TOKEN is not set");

        const string token = "e2e-token-0123456789abcdef";
        var (serve, url, _) = await ServeAsync(p, new Dictionary<string, string> { ["E2E_BATON_TOKEN"] = token });
        using var ____ = serve;
        using var http = new HttpClient { BaseAddress = url };
        (await http.GetAsync("/api/v1/tasks")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.GetAsync("/api/v1/events")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var authorized = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        authorized.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await http.SendAsync(authorized)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await InterruptAsync(serve);
    }
}
