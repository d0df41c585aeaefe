using Baton.Core.Agents;
using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Web;

/// <summary>
/// What the HTTP surface is given: the application layer it translates requests into, the store it reads records from,
/// the feed every live view is rendered from, and who may ask. It decides nothing itself.
/// </summary>
public sealed record WebSurface
{
    public required ITaskDesk Desk { get; init; }
    public required IBatonStore Store { get; init; }
    public required IEventFeed Feed { get; init; }
    public required ServerConfig Server { get; init; }

    /// <summary>The tokens that unlock the API, by the name of who holds them; empty only on loopback.</summary>
    public IReadOnlyList<ApiToken> Tokens { get; init; } = [];

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Baton's version, shown by <c>/healthz</c> and the dashboard.</summary>
    public string Version { get; init; } = "dev";

    /// <summary>Where failures (with their whole exception) go: the service's log file.</summary>
    public ILoggerFactory Logs { get; init; } = NullLoggerFactory.Instance;

    /// <summary>How often a quiet event stream gets a comment line, so proxies and browsers keep it open.</summary>
    public TimeSpan StreamHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a stop request waits for the run to end before answering 202 (it goes on ending).</summary>
    public TimeSpan StopWait { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>One token the API accepts, and the name its holder acts under.</summary>
public sealed record ApiToken(string Name, AgentSecret Secret);
