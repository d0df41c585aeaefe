using Microsoft.Extensions.Logging;

namespace Baton.Cli.Hosting;

/// <summary>The command line's log entries (event ids 1000–1099), source-generated.</summary>
internal static partial class CliLog
{
    public const string Category = "Baton.Cli";

    [LoggerMessage(1000, LogLevel.Information, "baton {Verb} started (version {Version})")]
    public static partial void VerbStarted(ILogger logger, string verb, string version);

    [LoggerMessage(1001, LogLevel.Information, "baton {Verb} ended with exit code {ExitCode}")]
    public static partial void VerbEnded(ILogger logger, string verb, int exitCode);

    [LoggerMessage(1002, LogLevel.Error, "baton {Verb} failed with an internal error")]
    public static partial void VerbCrashed(ILogger logger, string verb, Exception exception);

    [LoggerMessage(1003, LogLevel.Information, "{Line}")]
    public static partial void Progress(ILogger logger, string line);
}
