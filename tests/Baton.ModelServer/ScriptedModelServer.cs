using System.Net;
using Baton.ModelServer.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Baton.ModelServer;

/// <summary>
/// A scripted stand-in for the model APIs (OpenAI Responses and Chat Completions, Anthropic Messages, Gemini) on an
/// ephemeral 127.0.0.1 port. The real agent CLIs talk to it; every request is recorded and answered by <see cref="Script"/>.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    // Bounds a held (Hang) or pathological request even if nobody disposes the server.
    private static readonly TimeSpan MaxRequestTime = TimeSpan.FromMinutes(10);

    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private readonly RequestLog log = new();
    private ModelScript script;
    private int disposed;

    private ScriptedModelServer(WebApplication app, ModelScript script)
    {
        this.app = app;
        this.script = script;
    }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The script that answers from now on; swap it between test phases.</summary>
    public ModelScript Script
    {
        get => Volatile.Read(ref script);
        set => Volatile.Write(ref script, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>A snapshot of every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => log.Snapshot();

    /// <summary>A snapshot of the agent's own model turns: helper calls (titles, routers, token counts…) left out.</summary>
    public IReadOnlyList<RecordedRequest> ModelTurns => log.Snapshot().Where(r => r.Normalized is { IsSideRequest: false }).ToArray();

    public static async Task<ScriptedModelServer> StartAsync(ModelScript? script = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = RequestBody.MaxBytes;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        var server = new ScriptedModelServer(app, script ?? ModelScript.Default);
        app.Run(server.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/'));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        // Release held requests first so Kestrel's graceful stop has nothing left to wait for.
        await stopping.CancelAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        try
        {
            await app.StopAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        cts.CancelAfter(MaxRequestTime);
        var ct = cts.Token;
        try
        {
            var route = Route.Match(context.Request.Method, context.Request.Path.Value ?? "/");
            var body = await RequestBody.ReadAsync(context.Request, ct);
            var normalized = route.Kind == RouteKind.Turn && body is not null ? RequestReader.Read(route, body) : null;
            log.Add(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "/", Headers(context.Request), body, route.Protocol, normalized));
            await new Responder(Script, route, body, normalized).RespondAsync(context, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException || ct.IsCancellationRequested)
        {
            // Disposal, a client that went away, or the request cap: drop the connection rather than send half an answer.
            context.Abort();
        }
    }

    private static Dictionary<string, string> Headers(HttpRequest request) =>
        request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
}
