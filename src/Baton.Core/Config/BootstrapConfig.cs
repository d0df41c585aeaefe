namespace Baton.Core.Config;

public sealed record BootstrapConfig
{
    public required string Script { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
    public int Retries { get; init; }
}
