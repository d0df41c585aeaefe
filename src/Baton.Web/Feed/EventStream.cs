using System.Buffers;
using System.Globalization;
using System.Text;
using Baton.Core.Events;
using Baton.Core.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Baton.Web.Feed;

/// <summary>
/// One client's Server-Sent Events stream: the events after the position it names (<c>Last-Event-ID</c>, or
/// <c>?after=</c>) replayed from the store, then live from the hub, each once and in position order; <c>id:</c> is the
/// event's feed position, so a reconnecting <c>EventSource</c> resumes exactly where it was. A comment line every
/// <see cref="Heartbeat"/> keeps proxies and the browser from giving up on a quiet stream.
/// </summary>
internal sealed class EventStream(FeedHub hub, IEventFeed feed)
{
    private int _open;

    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Streams being written now.</summary>
    public int Open => Volatile.Read(ref _open);

    public async Task WriteAsync(HttpContext http, FeedQuery query, Func<RunEvent, bool>? filter, CancellationToken ct)
    {
        Interlocked.Increment(ref _open);
        try
        {
            await StreamAsync(http, query, filter, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task StreamAsync(HttpContext http, FeedQuery query, Func<RunEvent, bool>? filter, CancellationToken ct)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = response.BodyWriter;
        Write(body, "retry: 1000\n\n");
        await body.FlushAsync(ct);

        using var live = hub.Subscribe();
        var last = query.After;
        var pending = 0;
        await foreach (var e in feed.ReadAsync(query, follow: false, ct))
        {
            last = e.Position;
            if (filter?.Invoke(e) == false)
            {
                continue;
            }

            body.Write(new Frame(e).Bytes);
            if (++pending == 200)
            {
                await body.FlushAsync(ct);
                pending = 0;
            }
        }

        await body.FlushAsync(ct);
        var reader = live.Events;
        Task<bool>? waiting = null;
        while (!ct.IsCancellationRequested)
        {
            waiting ??= reader.WaitToReadAsync(ct).AsTask();
            if (await Task.WhenAny(waiting, Task.Delay(Heartbeat, ct)) != waiting)
            {
                Write(body, ": keepalive\n\n");
                await body.FlushAsync(ct);
                continue;
            }

            if (!await waiting)
            {
                return;   // cut off (too slow) or the server is stopping: the client reconnects from `last`
            }

            waiting = null;
            while (reader.TryRead(out var frame))
            {
                var e = frame.Event;
                if (e.Position > last && query.Matches(e) && filter?.Invoke(e) != false)
                {
                    body.Write(frame.Bytes);
                    last = e.Position;
                }
            }

            await body.FlushAsync(ct);
        }
    }

    /// <summary>Where a client resumes: the <c>Last-Event-ID</c> its browser sends on reconnect, else <c>?after=</c>, else the start.</summary>
    public static long? After(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].FirstOrDefault() ?? request.Query["after"].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after : null;
    }

    private static void Write(System.IO.Pipelines.PipeWriter body, string text)
    {
        var span = body.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        body.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
