using Microsoft.Extensions.Logging;

namespace Baton.Git;

/// <summary>The git adapter's log entries (event ids 5000–5099), source-generated.</summary>
internal static partial class GitLog
{
    [LoggerMessage(5000, LogLevel.Warning, "a spare worktree could not be made in {Directory}; the next task makes its own")]
    public static partial void SpareFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(5001, LogLevel.Warning, "a spare worktree {Directory} could not be removed; git worktree prune will")]
    public static partial void SpareRemoveFailed(ILogger logger, string directory, Exception exception);
}
