namespace Baton.Core.Config;

public sealed record PipelineConfig
{
    public required string Name { get; init; }
    public IReadOnlyList<StageConfig> Stages { get; init; } = [];
    public IReadOnlyList<GateConfig> Gates { get; init; } = [];
    /// <summary>Builder attempts within one run: a failed gate feeds the next one.</summary>
    public int MaxAttempts { get; init; } = 3;
}
