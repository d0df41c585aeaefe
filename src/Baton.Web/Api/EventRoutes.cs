using Baton.Core.Application;
using Baton.Core.Events;
using Baton.Web.Feed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web;

/// <summary>
/// The live event streams (Server-Sent Events): every event (<c>/events</c>, filtered by <c>?task=</c>, <c>?run=</c>,
/// <c>?type=</c> prefix), one task's, one run's. Replay from <c>Last-Event-ID</c> or <c>?after=</c>, then live.
/// </summary>
internal sealed class EventRoutes(EventStream stream)
{
    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/events", http => StreamAsync(http, null, null));
        api.MapGet("/tasks/{id}/events", http => StreamAsync(http, Http.Id(http), null));
        api.MapGet("/runs/{id}/events", http => StreamAsync(http, null, Http.Id(http)));
    }

    private Task StreamAsync(HttpContext http, string? taskId, string? runId)
    {
        var query = http.Request.Query;
        if (EventStream.After(http.Request) is not { } after)
        {
            throw new DeskException(DeskErrorKind.Invalid, "the position to resume from is not a number",
                ["after: a feed position (the `id:` of the last event seen), e.g. 1234"]);
        }

        // ?type=agent. (one prefix, filtered by the store) or ?type=task.,run. (several, filtered here).
        var types = query["type"].SelectMany(t => (t ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var feedQuery = new FeedQuery(after, taskId ?? query["task"].FirstOrDefault(), runId ?? query["run"].FirstOrDefault(), types.Count == 1 ? types[0] : null);
        Func<RunEvent, bool>? filter = types.Count > 1 ? e => types.Any(t => e.Type.Name().StartsWith(t, StringComparison.Ordinal)) : null;
        return stream.WriteAsync(http, feedQuery, filter, http.RequestAborted);
    }
}
