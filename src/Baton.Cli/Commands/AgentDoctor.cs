using System.Net.Sockets;
using Baton.Core.Config;

namespace Baton.Cli.Commands;

/// <summary>What <c>baton doctor</c> says about one configured agent: CLI found and its version, endpoint reachable, key set.</summary>
internal static class AgentDoctor
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Where each CLI talks to when the config gives no <c>base_url</c>.</summary>
    private static string DefaultEndpoint(AgentKind kind) => kind switch
    {
        AgentKind.Codex => "https://api.openai.com/v1",
        AgentKind.Claude => "https://api.anthropic.com",
        AgentKind.Gemini => "https://generativelanguage.googleapis.com",
        AgentKind.Opencode or AgentKind.Command or AgentKind.Websocket => "",
    };

    public static string Executable(AgentConfig agent) =>
        agent.Command is { Length: > 0 } command ? command : agent.Kind.ToString().ToLowerInvariant();

    /// <summary>(status, detail, fix) for the agent's endpoint: reachable means any HTTP answer or an open socket.</summary>
    public static async Task<(string Status, string Detail, string? Fix)> EndpointAsync(AgentConfig agent, Func<string, string?> env, CancellationToken ct)
    {
        var endpoint = agent.BaseUrl ?? DefaultEndpoint(agent.Kind);
        var keyNote = agent.ApiKeyEnv is { } name
            ? env(name) is { Length: > 0 } ? $"; key from {name} (set)" : $"; {name} is NOT set"
            : "";
        if (endpoint.Length == 0)
        {
            return ("info", $"endpoint: the CLI's own configuration{keyNote}", null);
        }

        var reached = await ReachAsync(new Uri(endpoint), ct);
        var keyMissing = agent.ApiKeyEnv is { } n && env(n) is not { Length: > 0 };
        if (reached is null && !keyMissing)
        {
            return ("ok", $"endpoint {endpoint} answers{keyNote}", null);
        }

        var fix = reached is not null
            ? agent.BaseUrl is null
                ? $"the CLI's default endpoint is out of reach from here; set agents.{agent.Name}.base_url to a gateway or proxy you can reach"
                : $"check agents.{agent.Name}.base_url and that the server is running"
            : $"export {agent.ApiKeyEnv}=<your key> before starting Baton";
        return (agent.BaseUrl is null && !keyMissing ? "warn" : "fail", $"endpoint {endpoint}: {reached ?? "reachable"}{keyNote}", fix);
    }

    /// <summary>Null when reachable, else why not.</summary>
    private static async Task<string?> ReachAsync(Uri uri, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var socket = new TcpClient();
            var port = uri.IsDefaultPort ? uri.Scheme is "https" or "wss" ? 443 : 80 : uri.Port;
            await socket.ConnectAsync(uri.Host, port, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {ProbeTimeout.TotalSeconds:0} s";
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"host {uri.Host} not found",
                _ => ex.Message,
            };
        }
    }
}
