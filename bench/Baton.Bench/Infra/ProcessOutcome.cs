namespace Baton.Bench.Infra;

/// <summary>How a child process ended: exit code (null when it was killed at its deadline), output, and when it ran.</summary>
internal sealed record ProcessOutcome(
    string Command,
    int? ExitCode,
    bool TimedOut,
    string Stdout,
    string Stderr,
    long SpawnUnixNs,
    TimeSpan Wall)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command's stderr unless it exited 0.</summary>
    public ProcessOutcome EnsureSuccess()
    {
        if (Succeeded)
        {
            return this;
        }

        var why = TimedOut ? "timed out" : $"exited {ExitCode}";
        var tail = Stderr.Length > 2000 ? Stderr[^2000..] : Stderr;
        throw new BenchException($"`{Command}` {why}:\n{tail}");
    }
}
