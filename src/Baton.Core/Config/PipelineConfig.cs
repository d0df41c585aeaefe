namespace Baton.Core.Config;

public sealed record PipelineConfig
{
    public required string Name { get; init; }
    public IReadOnlyList<StageConfig> Stages { get; init; } = [];
    public IReadOnlyList<GateConfig> Gates { get; init; } = [];
    /// <summary>Builder attempts within one run: a failed gate feeds the next one.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// Baton's own default pipeline, added because the file names none: it asks for an agent only when a task runs it
    /// (a configuration whose own pipelines are all commands needs no agent).
    /// </summary>
    public bool Implicit { get; init; }
}
