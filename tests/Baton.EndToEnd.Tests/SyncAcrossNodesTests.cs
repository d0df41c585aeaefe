using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Baton.Testing;
using Baton.Testing.Postgres;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// Run sync on a shared PostgreSQL store: a <c>baton worker</c> on one machine delivers a run another machine finished,
/// its manifest and result read from the store (the worker never had the run's files), once.
/// </summary>
[Trait(Needs.Trait, Needs.Postgres)]
public sealed class SyncAcrossNodesTests
{
    /// <summary>A local receiver keeping each POST body by its Idempotency-Key.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public Receiver(int port)
        {
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public ConcurrentQueue<(string Key, JsonNode Body)> Deliveries { get; } = new();

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                Deliveries.Enqueue((context.Request.Headers["Idempotency-Key"] ?? "", JsonNode.Parse(await reader.ReadToEndAsync())!));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task A_worker_delivers_a_run_another_node_finished_from_the_stores_copies_of_its_files()
    {
        var server = await PostgresServer.SharedAsync();
        var database = await server.NewDatabaseAsync();
        var port = FreePorts.Next();
        using var receiver = new Receiver(port);
        var config = $$"""
            version: 1
            store: {{server.Url(database)}}
            agents: {}
            pipelines:
              default:
                stages: [ { id: build, command: "echo built > built.txt" } ]
                gates: [ "test -f built.txt" ]
            sync: { url: "http://127.0.0.1:{{port}}/runs", retry_delay: 200ms }
            """;
        using var ran = new BatonProject(config);
        using var syncing = new BatonProject(config);
        using var worker = BatonCli.Start(syncing.Path, null, "worker");
        try
        {
            (await Eventually.TrueAsync(async () => (await syncing.RunAsync("sync", "status")).ExitCode == 0
                && (await ran.JsonAsync("status")).Result.ExitCode == 0, TimeSpan.FromSeconds(30))).ShouldBeTrue();
            // The worker's sync starts from the runs that finish once it runs: wait for its first pass.
            await Task.Delay(TimeSpan.FromSeconds(2));

            var (run, json) = await ran.JsonAsync("start", "default");

            run.ExitCode.ShouldBe(0, run.ToString());
            var runId = (string)json!["run_id"]!;
            (await Eventually.TrueAsync(() => Task.FromResult(!receiver.Deliveries.IsEmpty), TimeSpan.FromSeconds(30)))
                .ShouldBeTrue($"nothing delivered; worker stderr so far: {(worker.HasExited ? await worker.StandardError.ReadToEndAsync() : "(running)")}");
            var (key, body) = receiver.Deliveries.ShouldHaveSingleItem();
            key.ShouldBe(runId);
            ((string)body["result"]!["status"]!).ShouldBe("succeeded");
            ((string)body["manifest"]!["run"]!["id"]!).ShouldBe(runId);
            ((string)body["manifest"]!["run"]!["state"]!).ShouldBe("succeeded", "the last manifest, written when the run ended");
            Directory.Exists(Path.Combine(syncing.StateDir, "runs", (string)json["task_id"]!, runId, "logs"))
                .ShouldBeFalse("the syncing node never ran it: what it sent came from the store");
            var pending = await syncing.RunAsync("sync", "status");
            pending.Stdout.ShouldContain("nothing pending", Case.Sensitive, pending.ToString());
        }
        finally
        {
            Signals.Send(worker.Id, "TERM");
            await worker.WaitForExitAsync();
        }
    }
}
