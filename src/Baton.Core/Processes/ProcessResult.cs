namespace Baton.Core.Processes;

/// <summary>How a process ended. <see cref="ExitCode"/> is null when it had to be killed.</summary>
public sealed record ProcessResult
{
    public int? ExitCode { get; init; }
    public bool TimedOut { get; init; }
    public bool Cancelled { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>The last lines of stdout and stderr, interleaved as they arrived.</summary>
    public string Tail { get; init; } = "";

    public bool Succeeded => ExitCode == 0 && !TimedOut && !Cancelled;
}
