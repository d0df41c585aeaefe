using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Tests;

/// <summary>Run sync against a real local receiver that fails the first deliveries and is restarted: each run kept once, none lost.</summary>
public sealed class SyncTests
{
    /// <summary>The receiving end: fails the first <c>failFirst</c> deliveries with 500, keeps one body per Idempotency-Key.</summary>
    private sealed class Receiver(int port, int failFirst) : IAsyncDisposable
    {
        private WebApplication? _app;
        private int _failures = failFirst;

        public ConcurrentDictionary<string, JsonNode> Kept { get; } = new();

        public ConcurrentQueue<string> Deliveries { get; } = new();

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
            _app = builder.Build();
            _app.MapPost("/runs", async (HttpContext http) =>
            {
                var key = http.Request.Headers["Idempotency-Key"].ToString();
                Deliveries.Enqueue(key);
                if (Interlocked.Decrement(ref _failures) >= 0)
                {
                    http.Response.StatusCode = 500;
                    return;
                }

                var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!;
                Kept.TryAdd(key, body);
                http.Response.StatusCode = 200;
            });
            await _app.StartAsync();
        }

        public async Task StopAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
                _app = null;
            }
        }

        public ValueTask DisposeAsync() => new(StopAsync());
    }

    [Fact]
    public async Task Every_finished_run_is_delivered_once_by_its_key_through_failures_and_a_receiver_restart()
    {
        var port = FreePorts.Next();
        await using var receiver = new Receiver(port, failFirst: 2);
        await receiver.StartAsync();
        await using var web = await WebHarness.StartAsync(extraYaml: $"sync: {{ url: \"http://127.0.0.1:{port}/runs\", retry_delay: 100ms, max_delay: 400ms }}");
        using var http = new HttpClient();
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() => new Engine.Sync.RunSync(web.App.Services with { Logs = new QueueLogs(web.Log) }, web.App.Feed, web.App.Config.Sync!, http, null, web.Log.Enqueue)
        { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(stop.Token));
        (await Eventually.TrueAsync(async () => await web.App.Store.GetSettingAsync(Engine.Sync.RunSync.CursorKey, default) is not null, TimeSpan.FromSeconds(10))).ShouldBeTrue();

        async Task<List<string>> RunTasksAsync(int count, string prefix)
        {
            var ids = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var created = JsonNode.Parse(await (await web.PostAsync("/api/v1/tasks", $$"""{"title":"{{prefix}} {{i}}"}""")).Content.ReadAsStringAsync())!;
                ids.Add(created["task"]!["id"]!.GetValue<string>());
            }

            (await Eventually.TrueAsync(async () =>
            {
                foreach (var id in ids)
                {
                    if ((await web.App.Store.GetTaskAsync(id, default))!.State != TaskState.Succeeded)
                    {
                        return false;
                    }
                }

                return true;
            }, TimeSpan.FromSeconds(60))).ShouldBeTrue();
            var runs = new List<string>();
            foreach (var id in ids)
            {
                runs.AddRange((await web.App.Store.ListRunsForTaskAsync(id, default)).Select(r => r.Id));
            }

            return runs;
        }

        var first = await RunTasksAsync(3, "before");
        (await Eventually.TrueAsync(() => first.All(receiver.Kept.ContainsKey), TimeSpan.FromSeconds(30))).ShouldBeTrue(string.Join("\n", web.Log));

        await receiver.StopAsync();
        var second = await RunTasksAsync(2, "while down");
        (await Eventually.TrueAsync(async () => (await web.App.Store.PendingSyncsAsync(default)).Count(p => second.Contains(p.RunId) && p.Attempts > 0) == 2,
            TimeSpan.FromSeconds(30))).ShouldBeTrue("the runs finished while the receiver was down were tried and kept in the outbox");
        (await web.App.Store.PendingSyncsAsync(default)).ShouldAllBe(p => p.LastError!.Contains("cannot reach", StringComparison.Ordinal));
        await receiver.StartAsync();

        (await Eventually.TrueAsync(() => second.All(receiver.Kept.ContainsKey), TimeSpan.FromSeconds(30))).ShouldBeTrue();
        // The receiver keeps a delivery before the sender records it: wait for the record, not just the receipt.
        (await Eventually.TrueAsync(async () => (await web.App.Store.PendingSyncsAsync(default)).Count == 0, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("every delivery was recorded");
        await stop.CancelAsync();
        await loop;

        var all = first.Concat(second).ToList();
        receiver.Kept.Keys.Order().ShouldBe(all.Order());
        receiver.Deliveries.Count.ShouldBeGreaterThanOrEqualTo(all.Count + 2, "two deliveries were refused and tried again");
        (await web.App.Store.PendingSyncsAsync(default)).ShouldBeEmpty();
        foreach (var runId in all)
        {
            var body = receiver.Kept[runId];
            body["run_id"]!.GetValue<string>().ShouldBe(runId);
            body["result"]!["run_id"]!.GetValue<string>().ShouldBe(runId);
            body["manifest"].ShouldNotBeNull();
        }

        var attempts = (await web.App.Store.ReadFeedAsync(new FeedQuery(TypePrefix: "sync.attempt"), 1000, default)).ToList();
        attempts.Where(e => e.Data is SyncAttemptData { Delivered: true }).Select(e => e.RunId!).Order().ShouldBe(all.Order());
        attempts.Count(e => e.Data is SyncAttemptData { Delivered: false }).ShouldBeGreaterThanOrEqualTo(4);
    }
}
