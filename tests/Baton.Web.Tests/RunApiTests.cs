using System.Net;
using System.Text.Json.Nodes;
using Baton.Core.Model;
using Baton.Testing;

namespace Baton.Web.Tests;

/// <summary>The run routes: detail with stages, stop of a live run, continue, and the oversight seams (409 until oversight lands).</summary>
public sealed class RunApiTests
{
    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("null body");

    private static async Task<RunRecord> RunningAsync(WebHarness web, string taskId)
    {
        RunRecord? run = null;
        (await Eventually.TrueAsync(async () =>
        {
            run = (await web.App.Store.ListRunsForTaskAsync(taskId, default)).FirstOrDefault(r => r.State == RunState.Running);
            return run is not null;
        }, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        return run!;
    }

    [Fact]
    public async Task A_live_run_is_stopped_over_http_and_its_detail_shows_the_stage()
    {
        await using var web = await WebHarness.StartAsync(WebHarness.PrintingAgent(600, 0.05));
        var taskId = (await JsonOf(await web.PostAsync("/api/v1/tasks", """{"title":"long"}""")))["task"]!["id"]!.GetValue<string>();
        var run = await RunningAsync(web, taskId);
        var live = await JsonOf(await web.Client.GetAsync($"/api/v1/runs/{run.Id}"));
        live["run"]!["owner"]!["host"]!.GetValue<string>().ShouldBe(Environment.MachineName, "the API names the node holding the run");
        live["run"]!["owner"]!["pid"]!.GetValue<int>().ShouldBe(Environment.ProcessId);

        var stop = await web.PostAsync($"/api/v1/runs/{run.Id}/stop");

        stop.StatusCode.ShouldBe(HttpStatusCode.OK, await stop.Content.ReadAsStringAsync());
        var stopped = await JsonOf(stop);
        stopped["stopped"]!.GetValue<bool>().ShouldBeTrue();
        stopped["run"]!["state"]!.GetValue<string>().ShouldBe("stopped");
        var detail = await JsonOf(await web.Client.GetAsync($"/api/v1/runs/{run.Id}"));
        detail["run"]!["id"]!.GetValue<string>().ShouldBe(run.Id);
        detail["stages"]!.AsArray().ShouldContain(s => s!["stage_id"]!.GetValue<string>() == "build", detail.ToJsonString());
        detail["gates"]!.AsArray().ShouldBeEmpty();
        (await web.App.Store.GetTaskAsync(taskId, default))!.State.ShouldBe(TaskState.Cancelled);
    }

    [Fact]
    public async Task Continue_queues_another_turn_and_an_empty_prompt_is_refused()
    {
        await using var web = await WebHarness.StartAsync();
        var taskId = (await JsonOf(await web.PostAsync("/api/v1/tasks", """{"title":"first turn"}""")))["task"]!["id"]!.GetValue<string>();
        (await Eventually.TrueAsync(async () => (await web.App.Store.GetTaskAsync(taskId, default))!.State == TaskState.Succeeded, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var runId = (await web.App.Store.ListRunsForTaskAsync(taskId, default)).Single().Id;

        var empty = await web.PostAsync($"/api/v1/runs/{runId}/continue", """{"prompt":"  "}""");
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var wrongType = await web.PostAsync($"/api/v1/runs/{runId}/continue", """{"prompt": 3}""");
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonOf(wrongType))["errors"]!["prompt"].ShouldNotBeNull();

        var next = await web.PostAsync($"/api/v1/runs/{runId}/continue", """{"prompt":"now add tests"}""");
        next.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Eventually.TrueAsync(async () => (await web.App.Store.ListRunsForTaskAsync(taskId, default)).Count(r => r.State == RunState.Succeeded) == 2, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue();
    }

    [Theory]
    [InlineData("approve", "{}")]
    [InlineData("deny", """{"reason":"no"}""")]
    [InlineData("answer", """{"text":"use the second option"}""")]
    public async Task Oversight_answers_409_when_nothing_waits(string action, string body)
    {
        await using var web = await WebHarness.StartAsync();
        var taskId = (await JsonOf(await web.PostAsync("/api/v1/tasks", """{"title":"t"}""")))["task"]!["id"]!.GetValue<string>();
        (await Eventually.TrueAsync(async () => (await web.App.Store.ListRunsForTaskAsync(taskId, default)).Count == 1, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var runId = (await web.App.Store.ListRunsForTaskAsync(taskId, default)).Single().Id;

        var response = await web.PostAsync($"/api/v1/runs/{runId}/{action}", body);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(response))["title"]!.GetValue<string>().ShouldBe("nothing is waiting");
    }

    [Fact]
    public async Task Review_of_a_run_whose_pipeline_has_no_reviewers_is_a_400_that_says_what_to_add()
    {
        await using var web = await WebHarness.StartAsync();
        var taskId = (await JsonOf(await web.PostAsync("/api/v1/tasks", """{"title":"t"}""")))["task"]!["id"]!.GetValue<string>();
        (await Eventually.TrueAsync(async () => (await web.App.Store.ListRunsForTaskAsync(taskId, default)).Any(r => r.State.IsTerminal()), TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var runId = (await web.App.Store.ListRunsForTaskAsync(taskId, default)).Single().Id;

        var response = await web.PostAsync($"/api/v1/runs/{runId}/review", "{}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("has no review stage");
    }

    [Fact]
    public async Task Resuming_a_run_that_is_not_interrupted_is_a_conflict()
    {
        await using var web = await WebHarness.StartAsync();
        var taskId = (await JsonOf(await web.PostAsync("/api/v1/tasks", """{"title":"t"}""")))["task"]!["id"]!.GetValue<string>();
        (await Eventually.TrueAsync(async () => (await web.App.Store.GetTaskAsync(taskId, default))!.State == TaskState.Succeeded, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var runId = (await web.App.Store.ListRunsForTaskAsync(taskId, default)).Single().Id;

        var response = await web.PostAsync($"/api/v1/runs/{runId}/resume");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(response))["detail"]!.GetValue<string>().ShouldContain("already ended");
    }
}
