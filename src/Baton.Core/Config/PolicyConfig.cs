namespace Baton.Core.Config;

public sealed record PolicyConfig
{
    public ApprovalPolicy Approval { get; init; } = ApprovalPolicy.Never;
    public IReadOnlyList<string> BlockedCommands { get; init; } = ["rm -rf /", "mkfs", "dd if="];
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(60);
    /// <summary>Refused while set: memory limits arrive with the oversight work (budgets and limits).</summary>
    public int? MemoryMb { get; init; }
}
