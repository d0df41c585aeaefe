using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web;

/// <summary>
/// <c>/api/v1/runs/{id}</c>: the run with its stages and gates, and what a person can do with it — stop, resume,
/// continue the agent's session with a new prompt, and the oversight answers (approve, deny, answer, review), which
/// the application layer refuses with 409 while nothing is waiting for them.
/// </summary>
internal sealed class RunRoutes(WebSurface surface)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/runs/{id}", GetAsync);
        api.MapPost("/runs/{id}/stop", StopAsync);
        api.MapPost("/runs/{id}/resume", ResumeAsync);
        api.MapPost("/runs/{id}/continue", ContinueAsync);
        api.MapPost("/runs/{id}/approve", ApproveAsync);
        api.MapPost("/runs/{id}/deny", DenyAsync);
        api.MapPost("/runs/{id}/answer", AnswerAsync);
        api.MapPost("/runs/{id}/review", ReviewAsync);
    }

    private async Task GetAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var position = await surface.Store.LastPositionAsync(ct);
        var run = await RunAsync(Http.Id(http), ct);
        var detail = new RunDetail(run, await surface.Store.ListStagesAsync(run.Id, ct), await surface.Store.ListGateResultsAsync(run.Id, ct), position);
        await Http.Json(http, detail, WebJson.Api.RunDetail);
    }

    private async Task StopAsync(HttpContext http)
    {
        var result = await surface.Desk.StopAsync(Http.Id(http), AccessGuard.ActorOf(http), surface.StopWait, http.RequestAborted);
        await Http.Json(http, new StopAnswer(result.Run, result.Stopped), WebJson.Api.StopAnswer,
            result.Stopped ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    private async Task ResumeAsync(HttpContext http)
    {
        var run = await surface.Desk.ResumeAsync(Http.Id(http), Placement.Queue, AccessGuard.ActorOf(http), http.RequestAborted);
        await Http.Json(http, run, WebJson.Api.RunRecord, StatusCodes.Status202Accepted);
    }

    private async Task ContinueAsync(HttpContext http)
    {
        var body = await Http.BodyAsync(http, WebJson.Api.ContinueRequest, new ContinueRequest(null));
        var run = await RunAsync(Http.Id(http), http.RequestAborted);
        var task = await surface.Desk.ContinueAsync(run.TaskId, body.Prompt ?? "", AccessGuard.ActorOf(http), http.RequestAborted);
        await Http.Json(http, new TaskAccepted(task, false), WebJson.Api.TaskAccepted, StatusCodes.Status202Accepted);
    }

    private async Task ApproveAsync(HttpContext http)
    {
        var body = await Http.BodyAsync(http, WebJson.Api.ApproveRequest, new ApproveRequest(null));
        await surface.Desk.ApproveAsync(Http.Id(http), body.ApprovalId, AccessGuard.ActorOf(http), http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task DenyAsync(HttpContext http)
    {
        var body = await Http.BodyAsync(http, WebJson.Api.DenyRequest, new DenyRequest(null, null));
        await surface.Desk.DenyAsync(Http.Id(http), body.ApprovalId, body.Reason, AccessGuard.ActorOf(http), http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var body = await Http.BodyAsync(http, WebJson.Api.AnswerRequest, new AnswerRequest(null));
        if (string.IsNullOrWhiteSpace(body.Text))
        {
            throw new DeskException(DeskErrorKind.Invalid, "the answer is empty; nothing was sent", ["text: missing: the answer to the run's question"]);
        }

        await surface.Desk.AnswerAsync(Http.Id(http), body.Text, AccessGuard.ActorOf(http), http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task ReviewAsync(HttpContext http)
    {
        var verdicts = await surface.Desk.RequestReviewAsync(Http.Id(http), AccessGuard.ActorOf(http), http.RequestAborted);
        await Http.Json(http, verdicts, WebJson.Api.IReadOnlyListReviewVerdictRecord);
    }

    private async Task<RunRecord> RunAsync(string id, CancellationToken ct) =>
        await surface.Store.GetRunAsync(id, ct) ?? throw new DeskException(DeskErrorKind.NotFound, $"no run `{id}`");
}
