using Baton.Core.Config;
using Baton.Core.Workspaces;
using Baton.Git;

namespace Baton.Processes.Tests.Support;

/// <summary>A temp repository on main, a temp workspace root and a manager using the real runner.</summary>
public sealed class GitFixture : IDisposable
{
    public TempGitRepo Repo { get; } = new();

    public string Root { get; } = TempDir.Create("ws");

    public GitWorkspaceManager Manager { get; } = new(new ProcessRunner());

    public WorkspaceRequest Request(string taskId, WorkspaceMode mode = WorkspaceMode.Worktree) =>
        new(Repo.Path, "main", taskId, Root, mode);

    public string MainCommit => Repo.Git("rev-parse", "main");

    public void Dispose()
    {
        TempDir.Delete(Root);
        Repo.Dispose();
    }
}
