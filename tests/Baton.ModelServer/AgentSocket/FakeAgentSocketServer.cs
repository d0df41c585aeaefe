using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Baton.ModelServer.AgentSocket;

/// <summary>
/// A scripted stand-in for an agent WebSocket server (<c>/agent_ws/?thread_id=…</c>) on 127.0.0.1, with one
/// conversation history per thread id. What it does is chosen by keywords (see <see cref="AgentSocketScript"/>).
/// With a required token, upgrades without <c>Authorization: Bearer &lt;token&gt;</c> are refused with 401.
/// </summary>
public sealed class FakeAgentSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _requiredToken;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<AgentSocketConnection> _connections = [];
    private readonly Dictionary<string, List<string>> _history = new(StringComparer.Ordinal);

    private FakeAgentSocketServer(WebApplication app, string? requiredToken)
    {
        _app = app;
        _requiredToken = requiredToken;
    }

    /// <summary>The server's base URL, e.g. <c>ws://127.0.0.1:41234</c> (what an agent's <c>base_url</c> names).</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<AgentSocketConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections];
            }
        }
    }

    public static async Task<FakeAgentSocketServer> StartAsync(string? requiredToken = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0)).UseShutdownTimeout(TimeSpan.FromSeconds(1));
        var app = builder.Build();
        var server = new FakeAgentSocketServer(app, requiredToken);
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single().Replace("http://", "ws://", StringComparison.Ordinal);
        return server;
    }

    /// <summary>The prompts of one conversation, in order.</summary>
    public IReadOnlyList<string> HistoryOf(string threadId)
    {
        lock (_gate)
        {
            return _history.TryGetValue(threadId, out var prompts) ? [.. prompts] : [];
        }
    }

    /// <summary>Adds a prompt to the thread's history; returns the turn number it is in that thread.</summary>
    internal int Remember(int connection, string threadId, string prompt)
    {
        lock (_gate)
        {
            if (!_history.TryGetValue(threadId, out var prompts))
            {
                _history[threadId] = prompts = [];
            }

            prompts.Add(prompt);
            _connections[connection] = _connections[connection] with { Prompts = [.. _connections[connection].Prompts, prompt] };
            return prompts.Count;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var threadId = context.Request.Query["thread_id"].FirstOrDefault();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var id = Record(new AgentSocketConnection { Id = 0, Path = path, ThreadId = threadId, Headers = headers });
        var status = !path.TrimEnd('/').EndsWith("/agent_ws", StringComparison.Ordinal) ? 404
            : _requiredToken is not null && context.Request.Headers.Authorization.ToString() != "Bearer " + _requiredToken ? 401
            : !context.WebSockets.IsWebSocketRequest || string.IsNullOrEmpty(threadId) ? 400
            : 101;
        Update(id, c => c with { Status = status });
        if (status != 101)
        {
            context.Response.StatusCode = status;
            Update(id, c => c with { Closed = true });
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        try
        {
            await new AgentSocketScript(this, socket, id, threadId!, context.Request.Headers.Authorization.ToString()).RunAsync(ended.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or BadHttpRequestException or JsonException or InvalidOperationException)
        {
            // The client went away or the server is stopping: both are ordinary ends of a scripted conversation.
        }
        finally
        {
            Update(id, c => c with { Closed = true });
        }
    }

    private int Record(AgentSocketConnection connection)
    {
        lock (_gate)
        {
            _connections.Add(connection with { Id = _connections.Count });
            return _connections.Count - 1;
        }
    }

    private void Update(int id, Func<AgentSocketConnection, AgentSocketConnection> change)
    {
        lock (_gate)
        {
            _connections[id] = change(_connections[id]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Hanging conversations wait on this token, so stopping does not wait for them to time out.
        await _stopping.CancelAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
