namespace Baton.Core.Config;

/// <summary>
/// <c>sync:</c> — where each finished run's manifest and result are delivered (POST, <c>Idempotency-Key: &lt;run id&gt;</c>),
/// from a durable outbox, at least once. The token is read from the variable <see cref="TokenEnv"/> names.
/// </summary>
public sealed record SyncConfig
{
    public required Uri Url { get; init; }

    public string? TokenEnv { get; init; }

    /// <summary>The first wait after a failed delivery; doubled each time up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one delivery may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
