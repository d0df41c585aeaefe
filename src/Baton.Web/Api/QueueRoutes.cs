using Baton.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web;

/// <summary><c>/api/v1/queue</c>: whether new work starts, and pausing or letting it (every Baton on the store obeys).</summary>
internal sealed class QueueRoutes(WebSurface surface)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/queue", StateAsync);
        api.MapPost("/queue/pause", http => SetAsync(http, true));
        api.MapPost("/queue/resume", http => SetAsync(http, false));
    }

    private async Task StateAsync(HttpContext http) =>
        await Http.Json(http, new QueueState(await surface.Desk.IsQueuePausedAsync(http.RequestAborted)), WebJson.Api.QueueState);

    private async Task SetAsync(HttpContext http, bool paused)
    {
        await surface.Desk.SetQueuePausedAsync(paused, AccessGuard.ActorOf(http), http.RequestAborted);
        await StateAsync(http);
    }
}
