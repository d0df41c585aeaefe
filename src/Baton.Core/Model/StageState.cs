namespace Baton.Core.Model;

public enum StageState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
}
