using System.Net;
using System.Text.Json.Nodes;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Testing;

namespace Baton.Web.Tests;

/// <summary>The task routes on a real Kestrel, through the application layer, against a real store and git repository.</summary>
public sealed class TaskApiTests
{
    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("null body");

    [Fact]
    public async Task A_task_submitted_over_http_is_queued_run_and_listed_with_its_last_run()
    {
        await using var web = await WebHarness.StartAsync();

        var created = await web.PostAsync("/api/v1/tasks", """{"title":"hello from http","prompt":"say hi","priority":3}""");

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var task = (await JsonOf(created))["task"]!;
        var id = task["id"]!.GetValue<string>();
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/tasks/{id}");
        task["source"]!.GetValue<string>().ShouldBe("http");
        task["requester"]!.GetValue<string>().ShouldBe("local");
        (await Eventually.TrueAsync(async () => (await web.App.Store.GetTaskAsync(id, default))!.State == TaskState.Succeeded, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue();

        var list = await JsonOf(await web.Client.GetAsync("/api/v1/tasks"));
        var row = list["tasks"]!.AsArray().ShouldHaveSingleItem()!;
        row["task"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        row["last_run"]!["state"]!.GetValue<string>().ShouldBe("succeeded");
        list["position"]!.GetValue<long>().ShouldBeGreaterThan(0);
        list["queue_paused"]!.GetValue<bool>().ShouldBeFalse();
        list["waiting"]!.AsArray().ShouldBeEmpty();

        var detail = await JsonOf(await web.Client.GetAsync($"/api/v1/tasks/{id}"));
        detail["runs"]!.AsArray().ShouldHaveSingleItem()!["branch"]!.GetValue<string>().ShouldBe($"baton/{id}");
        var queued = (await web.App.Store.ReadFeedAsync(new Core.Events.FeedQuery(TaskId: id), 100, default))[0];
        queued.Data.ShouldBeOfType<Core.Events.Data.TaskQueuedData>().By.ShouldBe("local (http)");
    }

    [Fact]
    public async Task The_same_idempotency_key_queues_one_task()
    {
        await using var web = await WebHarness.StartAsync(work: false);

        async Task<HttpResponseMessage> Submit()
        {
            var request = WebHarness.Request(HttpMethod.Post, "/api/v1/tasks", json: """{"title":"once"}""");
            request.Headers.Add("Idempotency-Key", "abc-123");
            return await web.Client.SendAsync(request);
        }

        var first = await Submit();
        var second = await Submit();

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonOf(second))["created"]!.GetValue<bool>().ShouldBeFalse();
        (await web.App.Store.ListTasksAsync(new TaskQuery(), default)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"title": 5}""", "title", "expected a string")]
    [InlineData("""{"title": "x", "agent": "nope"}""", "agent", "unknown agent")]
    [InlineData("""{"title": "x", "priority": "high"}""", "priority", "")]
    [InlineData("""{"title": "x", "colour": "red"}""", "colour", "unknown field")]
    [InlineData("""{"labels": ["a"]}""", "title", "")]
    [InlineData("""{"title": "x", "depends_on": ["t0nothere"]}""", "depends_on", "no task")]
    [InlineData("""{"title": "x", "command": "make"}""", "command", "policy.allow_task_commands: true")]
    [InlineData("""{"title": "x", "quality_gates": ["true"]}""", "command", "policy.allow_task_commands: true")]
    [InlineData("""[1, 2""", "", "")]
    [InlineData("", "", "")]
    public async Task A_bad_task_is_a_problem_naming_each_field_and_nothing_is_stored(string body, string field, string fragment)
    {
        await using var web = await WebHarness.StartAsync(work: false);

        var response = await web.PostAsync("/api/v1/tasks", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await JsonOf(response);
        problem["status"]!.GetValue<int>().ShouldBe(400);
        problem["detail"]!.GetValue<string>().ShouldContain("nothing was queued");
        var errors = problem["errors"]!.AsObject();
        if (field.Length > 0)
        {
            errors.ContainsKey(field).ShouldBeTrue(problem.ToJsonString());
            errors[field]!.AsArray().ShouldContain(m => m!.GetValue<string>().Contains(fragment, StringComparison.Ordinal), problem.ToJsonString());
        }

        (await web.App.Store.ListTasksAsync(new TaskQuery(), default)).ShouldBeEmpty();
        (await web.App.Store.LastPositionAsync(default)).ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/v1/tasks?state=done", "state")]
    [InlineData("/api/v1/tasks?limit=0", "limit")]
    [InlineData("/api/v1/tasks?limit=abc", "limit")]
    public async Task A_bad_query_names_the_parameter(string path, string field)
    {
        await using var web = await WebHarness.StartAsync(work: false);

        var response = await web.Client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonOf(response))["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_finished_work_is_409()
    {
        await using var web = await WebHarness.StartAsync();

        (await web.Client.GetAsync("/api/v1/tasks/t0nothere")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await web.Client.GetAsync("/api/v1/runs/r0nothere")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await web.PostAsync("/api/v1/tasks/t0nothere/cancel")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var id = (await JsonOf(await web.PostAsync("/api/v1/tasks", """{"title":"quick"}""")))["task"]!["id"]!.GetValue<string>();
        (await Eventually.TrueAsync(async () => (await web.App.Store.GetTaskAsync(id, default))!.State == TaskState.Succeeded, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue();
        var cancel = await web.PostAsync($"/api/v1/tasks/{id}/cancel");
        cancel.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(cancel))["detail"]!.GetValue<string>().ShouldContain("already succeeded");
    }

    [Fact]
    public async Task Cancel_and_retry_go_through_the_state_machine()
    {
        await using var web = await WebHarness.StartAsync(work: false);
        var id = (await JsonOf(await web.PostAsync("/api/v1/tasks", """{"title":"to cancel"}""")))["task"]!["id"]!.GetValue<string>();

        var cancelled = await web.PostAsync($"/api/v1/tasks/{id}/cancel");
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonOf(cancelled))["task"]!["state"]!.GetValue<string>().ShouldBe("cancelled");

        var retried = await web.PostAsync($"/api/v1/tasks/{id}/retry");
        retried.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await web.App.Store.GetTaskAsync(id, default))!.State.ShouldBe(TaskState.Queued);
    }

    [Fact]
    public async Task The_queue_is_paused_and_resumed()
    {
        await using var web = await WebHarness.StartAsync(work: false);

        (await JsonOf(await web.PostAsync("/api/v1/queue/pause")))["paused"]!.GetValue<bool>().ShouldBeTrue();
        (await web.App.Desk.IsQueuePausedAsync(default)).ShouldBeTrue();
        (await JsonOf(await web.Client.GetAsync("/api/v1/queue")))["paused"]!.GetValue<bool>().ShouldBeTrue();
        (await JsonOf(await web.PostAsync("/api/v1/queue/resume")))["paused"]!.GetValue<bool>().ShouldBeFalse();
    }
}
