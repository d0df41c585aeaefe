namespace Baton.Core.Config;

public sealed record PolicyConfig
{
    public ApprovalPolicy Approval { get; init; } = ApprovalPolicy.Never;
    public IReadOnlyList<string> BlockedCommands { get; init; } = ["rm -rf /", "mkfs", "dd if="];
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(60);
    public int MemoryMb { get; init; } = 4096;
}
