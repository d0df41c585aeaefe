using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Baton.Cli.Chat;
using Baton.Cli.Hosting;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Engine.Scheduling;
using Baton.Testing;
using Baton.Web;

namespace Baton.Web.Tests;

/// <summary>
/// What <c>baton serve</c> runs, in this process: the app opened from a real baton.yaml over a real git repository and
/// SQLite store, the queue worker, and the HTTP server on a real Kestrel on a free 127.0.0.1 port.
/// </summary>
internal sealed class WebHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<QueueSummary>? _worker;
    private readonly string _scratch;

    private WebHarness(TempGitRepo repo, string scratch, BatonApp app, WebServer server, Task<QueueSummary>? worker, CancellationTokenSource stop, ConcurrentQueue<string> log)
    {
        Repo = repo;
        _scratch = scratch;
        App = app;
        Server = server;
        _worker = worker;
        _stop = stop;
        Log = log;
        Client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public TempGitRepo Repo { get; }

    public BatonApp App { get; }

    public WebServer Server { get; }

    public HttpClient Client { get; }

    /// <summary>What the server logged (failures with their exceptions).</summary>
    public ConcurrentQueue<string> Log { get; }

    /// <summary>An agent script that prints <paramref name="lines"/> JSON messages, <paramref name="pause"/> seconds apart.</summary>
    public static string PrintingAgent(int lines, double pause = 0) =>
        $"for i in $(seq 1 {lines}); do echo \"{{\\\"type\\\":\\\"message\\\",\\\"text\\\":\\\"line $i\\\"}}\"; sleep {pause.ToString(System.Globalization.CultureInfo.InvariantCulture)}; done";

    /// <summary>The harness over a fresh repository; <paramref name="agents"/> is one more agent beside <c>shell</c>, a <c>name: { … }</c> line of YAML.</summary>
    public static async Task<WebHarness> StartAsync(string agentScript = "echo done", ServerConfig? server = null, IReadOnlyList<ApiToken>? tokens = null, bool work = true, string gates = "[]", string extraYaml = "", TimeSpan? heartbeat = null, string stages = "[ { id: build, kind: agent } ]", string agents = "")
    {
        var repo = new TempGitRepo();
        var scratch = TempDir.Create("agent");
        var script = Path.Combine(scratch, "agent.sh");
        await File.WriteAllTextAsync(script, agentScript + "\n");
        repo.Write("baton.yaml", $"""
            version: 1
            max_concurrent_runs: 2
            agents:
              shell: {"{"} kind: command, command: "bash {script}" {"}"}
              {agents}
            projects:
              - {"{"} key: app, repo: "{repo.Path}" {"}"}
            pipelines:
              default:
                stages: {stages}
                gates: {gates}
            {extraYaml}
            """);
        repo.Write(".gitignore", ".baton/\n");
        repo.CommitAll("baton.yaml");
        var app = await BatonApp.OpenAsync(repo.PathOf("baton.yaml"), CancellationToken.None);
        var log = new ConcurrentQueue<string>();
        WebServer web;
        try
        {
            web = await WebServer.StartAsync(
                WebWiring.Surface(app, server ?? new ServerConfig { Port = 0 }, tokens ?? []) with { Logs = new QueueLogs(log), StopWait = TimeSpan.FromSeconds(10), StreamHeartbeat = heartbeat ?? TimeSpan.FromSeconds(15) },
                CancellationToken.None);
        }
        catch
        {
            await app.DisposeAsync();
            TempDir.Delete(scratch);
            repo.Dispose();
            throw;
        }

        var stop = new CancellationTokenSource();
        Task<QueueSummary>? worker = null;
        if (work)
        {
            var queue = new QueueWorker(app.Services, null) { PollInterval = TimeSpan.FromMilliseconds(100) };
            app.Desk.Wake = queue.Wake;
            worker = Task.Run(() => queue.RunAsync(QueueMode.Forever, stop.Token));
        }

        return new WebHarness(repo, scratch, app, web, worker, stop, log);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> PostAsync(string path, string json = "{}") => Client.PostAsync(path, Json(json));

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token = null, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = Json(json);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_worker is not null)
        {
            await _worker;
        }

        Client.Dispose();
        await Server.DisposeAsync();
        await App.DisposeAsync();
        TempDir.Delete(_scratch);
        Repo.Dispose();
        _stop.Dispose();
    }
}
