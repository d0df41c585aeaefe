namespace Baton.Core.Config;

public enum WorkspaceMode
{
    Worktree,
    Clone,
}
