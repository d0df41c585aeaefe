using Microsoft.Extensions.Logging;

namespace Baton.Matrix;

/// <summary>The Matrix bridge's log entries (event ids 3000–3099), source-generated.</summary>
internal static partial class MatrixLog
{
    public const string Category = "Baton.Matrix";

    [LoggerMessage(3000, LogLevel.Warning, "matrix send failed; retrying with back-off")]
    public static partial void SendFailed(ILogger logger, Exception exception);

    [LoggerMessage(3001, LogLevel.Warning, "matrix sync failed; retrying with back-off")]
    public static partial void SyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(3002, LogLevel.Error, "matrix render failed; retrying in 1 s")]
    public static partial void RenderFailed(ILogger logger, Exception exception);

    [LoggerMessage(3003, LogLevel.Warning, "matrix typing in {RoomId} refused")]
    public static partial void TypingRefused(ILogger logger, string roomId, Exception exception);

    [LoggerMessage(3004, LogLevel.Information, "matrix: connected as {UserId}")]
    public static partial void Connected(ILogger logger, string userId);
}
