using System.Globalization;
using Baton.Core.Application;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web;

/// <summary><c>/api/v1/tasks</c>: list, submit (validated by the application layer, as from the CLI), get, cancel, retry.</summary>
internal sealed class TaskRoutes(WebSurface surface)
{
    private const int MaxLimit = 1000;

    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/tasks", ListAsync);
        api.MapPost("/tasks", SubmitAsync);
        api.MapGet("/tasks/{id}", GetAsync);
        api.MapPost("/tasks/{id}/cancel", CancelAsync);
        api.MapPost("/tasks/{id}/retry", RetryAsync);
        api.MapGet("/tasks/{id}/diff", DiffAsync);
        api.MapPost("/tasks/{id}/merge", MergeAsync);
    }

    private async Task ListAsync(HttpContext http)
    {
        var (states, limit) = Filters(http.Request.Query);
        var ct = http.RequestAborted;
        var position = await surface.Store.LastPositionAsync(ct);
        var tasks = await surface.Store.ListTasksAsync(new TaskQuery(states, limit, NewestFirst: true), ct);
        var rows = new List<TaskRow>(tasks.Count);
        foreach (var task in tasks)
        {
            rows.Add(new TaskRow(task, (await surface.Store.ListRunsForTaskAsync(task.Id, ct)).MaxBy(r => r.Number), await UsageAsync(task.Id, ct)));
        }

        var list = new TaskList(rows, position, await surface.Desk.IsQueuePausedAsync(ct), await surface.Desk.WaitingAsync(ct));
        await Http.Json(http, list, WebJson.Api.TaskList);
    }

    private async Task SubmitAsync(HttpContext http)
    {
        var json = await Http.TextAsync(http);
        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (key is { Length: > 200 })
        {
            throw new DeskException(DeskErrorKind.Invalid, "the Idempotency-Key header is longer than 200 characters; nothing was queued", ["Idempotency-Key: at most 200 characters"]);
        }

        var options = new SubmitOptions { Source = TaskSource.Http };   // queued, as `baton tasks add` does
        var submitted = await surface.Desk.SubmitJsonAsync(json, $"http:{key ?? Guid.NewGuid().ToString("n")}", options, AccessGuard.ActorOf(http), http.RequestAborted);
        http.Response.Headers.Location = $"/api/v1/tasks/{submitted.Task.Id}";
        await Http.Json(http, new TaskAccepted(submitted.Task, submitted.Created), WebJson.Api.TaskAccepted,
            submitted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private async Task GetAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var position = await surface.Store.LastPositionAsync(ct);
        var task = await TaskAsync(Http.Id(http), ct);
        var runs = await surface.Store.ListRunsForTaskAsync(task.Id, ct);
        await Http.Json(http, new TaskDetail(task, runs, position), WebJson.Api.TaskDetail);
    }

    private async Task CancelAsync(HttpContext http)
    {
        var task = await surface.Desk.CancelAsync(Http.Id(http), AccessGuard.ActorOf(http), http.RequestAborted);
        await Http.Json(http, new TaskAccepted(task, false), WebJson.Api.TaskAccepted);
    }

    private async Task RetryAsync(HttpContext http)
    {
        var submitted = await surface.Desk.RetryAsync(Http.Id(http), Placement.Queue, AccessGuard.ActorOf(http), http.RequestAborted);
        await Http.Json(http, new TaskAccepted(submitted.Task, false), WebJson.Api.TaskAccepted, StatusCodes.Status202Accepted);
    }

    private async Task DiffAsync(HttpContext http) =>
        await Http.Json(http, await surface.Desk.DiffAsync(Http.Id(http), http.RequestAborted), WebJson.Api.BranchDiff);

    private async Task MergeAsync(HttpContext http)
    {
        var body = await Http.BodyAsync(http, WebJson.Api.MergeRequest, new MergeRequest(false));
        var merged = await surface.Desk.MergeAsync(Http.Id(http), body.Squash, AccessGuard.ActorOf(http), http.RequestAborted);
        await Http.Json(http, merged, WebJson.Api.MergeOutcome);
    }

    private async Task<Usage> UsageAsync(string taskId, CancellationToken ct)
    {
        var usage = new Usage(0, 0, 0);
        await foreach (var e in surface.Feed.ReadAsync(new FeedQuery(TaskId: taskId, TypePrefix: "agent.usage"), follow: false, ct))
        {
            if (e.Data is AgentUsageData u)
            {
                usage = new Usage(usage.InputTokens + u.InputTokens, usage.OutputTokens + u.OutputTokens, usage.CostUsd + (u.CostUsd ?? 0));
            }
        }

        return usage;
    }

    private async Task<TaskItem> TaskAsync(string id, CancellationToken ct) =>
        await surface.Store.GetTaskAsync(id, ct) ?? throw new DeskException(DeskErrorKind.NotFound, $"no task `{id}`");

    private static (IReadOnlyCollection<TaskState>? States, int Limit) Filters(IQueryCollection query)
    {
        var problems = new List<string>();
        List<TaskState>? states = null;
        foreach (var name in query["state"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (BatonJson.TryParseWireName<TaskState>(name, out var state))
            {
                (states ??= []).Add(state);
            }
            else
            {
                problems.Add($"state: `{name}` is not a task state; one of {string.Join(", ", Enum.GetValues<TaskState>().Select(s => s.WireName()))}");
            }
        }

        var limit = 200;
        if (query["limit"].FirstOrDefault() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problems.Add($"limit: `{text}` is not a number from 1 to {MaxLimit}");
        }

        return problems.Count > 0
            ? throw new DeskException(DeskErrorKind.Invalid, "the query is not valid", problems)
            : (states, limit);
    }
}
