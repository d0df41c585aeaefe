using System.Net;
using System.Net.Sockets;
using Baton.Core.Application;
using Baton.Web.Dashboard;
using Baton.Web.Feed;
using Baton.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Web;

/// <summary>
/// The HTTP surface of <c>baton serve</c> on Kestrel: the JSON API under <c>/api/v1</c>, the live event streams, the
/// dashboard at <c>/</c>, <c>/healthz</c>. It binds <c>server.listen</c>, or the next free port when that one is taken.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    /// <summary>How many ports after the configured one are tried when it is taken.</summary>
    public const int PortsToTry = 20;

    private readonly WebApplication _app;
    private readonly FeedHub _hub;
    private readonly MetricsFollower _metrics;
    private readonly EventStream _stream;

    private WebServer(WebApplication app, FeedHub hub, MetricsFollower metrics, EventStream stream, Uri url, int? takenPort)
    {
        _stream = stream;
        _app = app;
        _hub = hub;
        _metrics = metrics;
        Url = url;
        TakenPort = takenPort;
    }

    /// <summary>Where the dashboard is (the API is under <c>api/v1/</c>).</summary>
    public Uri Url { get; }

    /// <summary>The configured port when it was taken and another was used.</summary>
    public int? TakenPort { get; }

    /// <summary>Event streams open now.</summary>
    internal int LiveClients => _stream.Open;

    /// <summary>Buffers the hub fills (each open stream's, and the metrics').</summary>
    internal int HubSubscribers => _hub.Subscribers;

    /// <summary>Every route as "METHOD /pattern" (for the test that keeps the OpenAPI document honest).</summary>
    internal IReadOnlyList<string> Routes =>
        [.. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))];

    public static async Task<WebServer> StartAsync(WebSurface surface, CancellationToken ct)
    {
        var server = surface.Server;
        if (!server.IsLoopback && surface.Tokens.Count == 0)
        {
            throw new DeskException(DeskErrorKind.Invalid,
                $"server.listen: {server.Host} is reachable from other machines, so the API needs a token; set server.token_env (or server.tokens) and export the token, or listen on 127.0.0.1");
        }

        var address = server.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(server.Host);
        var last = server.Port == 0 ? 0 : Math.Min(65535, server.Port + PortsToTry);
        for (var port = server.Port; ; port++)
        {
            var app = Build(surface, address, port, out var hub, out var metrics, out var stream);
            try
            {
                await hub.StartAsync(ct);
                await app.StartAsync(ct);
                metrics.Start();
                var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
                var url = new UriBuilder(bound) { Host = server.Host == "0.0.0.0" || server.Host == "::" ? "127.0.0.1" : bound.Host, Path = "/" }.Uri;
                return new WebServer(app, hub, metrics, stream, url, port == server.Port ? null : server.Port);
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await metrics.DisposeAsync();
                await hub.DisposeAsync();
                await app.DisposeAsync();
                if (port >= last)
                {
                    throw new DeskException(DeskErrorKind.Conflict,
                        $"ports {server.Port}–{last} on {server.Host} are all taken; set another with `server: {{ listen: \"{server.Host}:PORT\" }}` or `baton serve --listen {server.Host}:PORT`");
                }
            }
        }
    }

    private static WebApplication Build(WebSurface surface, IPAddress address, int port, out FeedHub hub, out MetricsFollower metrics, out EventStream stream)
    {
        // The empty builder: no configuration files, so nothing watches the content root. The slim builder's
        // appsettings.json reload watched the working directory recursively — under serve, every workspace of every
        // run (1,000 runs: thousands of inotify watches, and an event for every file an agent wrote).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, port);
        });
        var app = builder.Build();
        var log = surface.Logs.CreateLogger(WebLog.Category);
        hub = new FeedHub(surface.Feed, surface.Store, log);
        var events = stream = new EventStream(hub, surface.Feed) { Heartbeat = surface.StreamHeartbeat };
        var fold = metrics = new MetricsFollower(hub, surface.Feed, log);
        var sessions = new Sessions(surface.Tokens);
        var guard = new AccessGuard(sessions, surface.Server.IsLoopback);
        app.Use((http, next) => ErrorsAsync(http, next, log));
        app.Use(SecurityHeaders.InvokeAsync);
        app.Use(guard.InvokeAsync);
        app.MapGet("/healthz", http => Http.Json(http, new Health("ok", surface.Version), WebJson.Api.Health));
        app.MapGet("/metrics", http =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return http.Response.WriteAsync(fold.Metrics.Prometheus(surface.Time.GetUtcNow()), http.RequestAborted);
        });
        var api = app.MapGroup("/api/v1");
        new TaskRoutes(surface).Map(api);
        new RunRoutes(surface).Map(api);
        new QueueRoutes(surface).Map(api);
        new EventRoutes(events).Map(api);
        api.MapGet("/openapi.json", Assets.OpenApiAsync);
        new DashboardRoutes(sessions).Map(app);
        return app;
    }

    private static async Task ErrorsAsync(HttpContext http, RequestDelegate next, ILogger log)
    {
        try
        {
            await next(http);
        }
        catch (DeskException ex) when (!http.Response.HasStarted)
        {
            await Problems.Write(http, ex);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex)
        {
            WebLog.RequestFailed(log, http.Request.Method, http.Request.Path.Value ?? "/", ex);
            if (!http.Response.HasStarted)
            {
                await Problems.Write(http, StatusCodes.Status500InternalServerError, "internal error", "Baton failed to answer; the service log has the details");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _metrics.DisposeAsync();
        await _hub.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
