namespace Baton.Matrix.Client;

/// <summary>
/// When to try a request again: rate limits as the server says (<c>Retry-After</c>, else <c>retry_after_ms</c>), server
/// errors and lost connections with exponential back-off and jitter — the latter only for requests that are safe to repeat.
/// </summary>
public sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 8;
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public static RetryPolicy Default { get; } = new();

    /// <summary>The wait before attempt <paramref name="attempt"/>+1 (attempts count from 1): doubling, ±25 % jitter, capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var ms = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        ms = Math.Min(ms, MaxDelay.TotalMilliseconds);
        var jitter = 0.75 + (Random.Shared.NextDouble() * 0.5);
        return TimeSpan.FromMilliseconds(ms * jitter);
    }

    /// <summary>What a rate limit asks for, never less than 50 ms nor more than <see cref="MaxDelay"/>.</summary>
    public TimeSpan RateLimitWait(TimeSpan? asked, int attempt) =>
        asked is { } wait ? TimeSpan.FromMilliseconds(Math.Clamp(wait.TotalMilliseconds, 50, MaxDelay.TotalMilliseconds)) : Backoff(attempt);
}
