using System.Net;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Testing;

namespace Baton.Web.Tests;

/// <summary>The Server-Sent Events streams: replay then live, <c>id:</c> = feed position, resumed with <c>Last-Event-ID</c> with nothing missed or doubled.</summary>
public sealed class EventStreamTests
{
    /// <summary>Reads SSE frames (<c>id:</c> and <c>data:</c>) until <paramref name="stop"/> says so or the stream ends.</summary>
    private static async Task<List<(long Id, JsonNode Data)>> ReadAsync(HttpClient client, string path, long? lastEventId, Func<List<(long Id, JsonNode Data)>, bool> stop, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var frames = new List<(long, JsonNode)>();
        long? id = null;
        while (!stop(frames) && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                frames.Add((id ?? throw new InvalidOperationException("data without id"), JsonNode.Parse(line[6..])!));
            }
        }

        return frames;
    }

    private static bool Finished(List<(long Id, JsonNode Data)> frames) =>
        frames.Count > 0 && frames[^1].Data["type"]!.GetValue<string>() == "run.finished";

    [Fact]
    public async Task A_stream_cut_mid_run_resumes_from_last_event_id_with_nothing_missed_or_doubled()
    {
        await using var web = await WebHarness.StartAsync(WebHarness.PrintingAgent(300, 0.005));
        var created = JsonNode.Parse(await (await web.PostAsync("/api/v1/tasks", """{"title":"stream me"}""")).Content.ReadAsStringAsync())!;
        var taskId = created["task"]!["id"]!.GetValue<string>();

        var first = await ReadAsync(web.Client, "/api/v1/events", null, f => f.Count >= 40, TimeSpan.FromSeconds(30));
        var rest = await ReadAsync(web.Client, "/api/v1/events", first[^1].Id, Finished, TimeSpan.FromSeconds(60));

        var seen = first.Concat(rest).Select(f => f.Id).ToList();
        var stored = (await web.App.Store.ReadFeedAsync(new FeedQuery(), 10_000, default)).Select(e => e.Position).TakeWhile(p => p <= seen[^1]).ToList();
        seen.ShouldBe(stored);
        seen.ShouldBe(seen.Distinct().ToList());
        first.Concat(rest).Count(f => f.Data["type"]!.GetValue<string>() == "agent.message").ShouldBe(300);
        first.Concat(rest).ShouldAllBe(f => f.Data["position"]!.GetValue<long>() == f.Id);
        (await web.App.Store.GetTaskAsync(taskId, default))!.State.ShouldBe(TaskState.Succeeded);
    }

    [Fact]
    public async Task A_run_stream_replays_its_own_events_only_then_follows_live()
    {
        await using var web = await WebHarness.StartAsync(WebHarness.PrintingAgent(50, 0.02));
        var one = JsonNode.Parse(await (await web.PostAsync("/api/v1/tasks", """{"title":"one"}""")).Content.ReadAsStringAsync())!["task"]!["id"]!.GetValue<string>();
        await web.PostAsync("/api/v1/tasks", """{"title":"two"}""");
        RunRecord? run = null;
        (await Eventually.TrueAsync(async () => (run = (await web.App.Store.ListRunsForTaskAsync(one, default)) is [var r, ..] ? r : null) is not null, TimeSpan.FromSeconds(30))).ShouldBeTrue();

        var frames = await ReadAsync(web.Client, $"/api/v1/runs/{run!.Id}/events", null, Finished, TimeSpan.FromSeconds(60));

        frames.ShouldAllBe(f => f.Data["run_id"]!.GetValue<string>() == run.Id);
        frames.Select(f => f.Data["seq"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, frames.Count).Select(i => (long)i));
        frames.Count(f => f.Data["type"]!.GetValue<string>() == "agent.message").ShouldBe(50);
    }

    [Fact]
    public async Task A_quiet_stream_gets_a_keepalive_comment_every_heartbeat()
    {
        await using var web = await WebHarness.StartAsync(work: false, heartbeat: TimeSpan.FromMilliseconds(200));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await web.Client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var keepalives = 0;
        while (keepalives < 3 && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            keepalives += line == ": keepalive" ? 1 : 0;
        }

        keepalives.ShouldBe(3);
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_resume_position_is_a_problem()
    {
        await using var web = await WebHarness.StartAsync(work: false);

        var response = await web.Client.GetAsync("/api/v1/events?after=-5");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"after\"");
    }

    [Fact]
    public async Task Clients_that_go_away_leave_the_hub()
    {
        await using var web = await WebHarness.StartAsync(work: false);

        for (var i = 0; i < 5; i++)
        {
            await ReadAsync(web.Client, "/api/v1/events", null, _ => true, TimeSpan.FromSeconds(10));
        }

        (await Eventually.TrueAsync(() => web.Server.LiveClients == 0, TimeSpan.FromSeconds(10))).ShouldBeTrue($"{web.Server.LiveClients} streams still open");
        web.Server.HubSubscribers.ShouldBe(1, "only the metrics' own subscription is left");
    }
}
