using Microsoft.Extensions.Logging;

namespace Baton.Web;

/// <summary>The HTTP surface's log entries (event ids 4000–4099), source-generated.</summary>
internal static partial class WebLog
{
    public const string Category = "Baton.Web";

    [LoggerMessage(4000, LogLevel.Error, "HTTP {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(4001, LogLevel.Error, "event streams: reading the feed failed; retrying in 1 s")]
    public static partial void FeedFailed(ILogger logger, Exception exception);

    [LoggerMessage(4002, LogLevel.Error, "metrics: folding the feed failed; retrying in 1 s")]
    public static partial void MetricsFailed(ILogger logger, Exception exception);

    [LoggerMessage(4003, LogLevel.Information, "listening on {Url}")]
    public static partial void Listening(ILogger logger, Uri url);
}
