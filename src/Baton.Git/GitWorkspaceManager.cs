using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.Core.Workspaces;
using Baton.Git.Changes;
using Baton.Git.Cleanup;
using Baton.Git.Cli;
using Baton.Git.Inspection;
using Baton.Git.Landing;
using Baton.Git.Preparation;
using Baton.Git.Remote;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Git;

/// <summary>
/// Workspaces as git worktrees (or full clones) on branch <c>baton/&lt;task-id&gt;</c>, driven through the git CLI.
/// Every git problem surfaces as a <see cref="WorkspaceException"/> carrying git's own message and what to do.
/// </summary>
public sealed class GitWorkspaceManager : IWorkspaceManager
{
    private readonly SpareWorktrees _spares;
    private readonly GitCli _git;
    private readonly RepoInspector _inspector;
    private readonly WorkspacePreparer _preparer;
    private readonly WorkspaceCommitter _committer;
    private readonly ChangedFiles _changedFiles;
    private readonly WorkspaceRemover _remover;
    private readonly BranchLanding _landing;
    private readonly RemoteBranches _remote;
    private readonly TaskBranches _branches;
    private readonly RemoteLanding _remoteLanding;
    private readonly RemoteTaskBranches _remoteBranches;

    public GitWorkspaceManager(IProcessRunner runner, ILogger? log = null)
    {
        _git = new GitCli(runner);
        _inspector = new RepoInspector(_git);
        _remover = new WorkspaceRemover(_git);
        _spares = new SpareWorktrees(_git, _remover, log ?? NullLogger.Instance);
        _preparer = new WorkspacePreparer(_git, _spares, _remover);
        _committer = new WorkspaceCommitter(_git);
        _changedFiles = new ChangedFiles(_git);
        _landing = new BranchLanding(_git);
        _remote = new RemoteBranches(_git);
        _branches = new TaskBranches(_git);
        _remoteLanding = new RemoteLanding(_git, _remote, _landing);
        _remoteBranches = new RemoteTaskBranches(_git, _remote, _branches);
    }

    public Task<RepoInfo> InspectAsync(string path, string? defaultBranch, CancellationToken ct) =>
        _inspector.InspectAsync(path, defaultBranch, ct);

    public async Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken ct)
    {
        if (!request.Remote)
        {
            return await _preparer.PrepareAsync(request, ct);
        }

        // The remote is the truth: tasks start from its default branch, and a branch any node pushed is taken up as pushed.
        var branch = TaskIds.Branch(request.TaskId);
        var pushed = await _remote.FetchAsync(request.RepoPath, request.DefaultBranch, branch, ct);
        if (pushed is not null)
        {
            // Fails harmlessly when this node already has the branch; aligned with the remote below.
            await _git.RunAsync(request.RepoPath, ["branch", "--no-track", branch, pushed], ct);
        }

        var workspace = await _preparer.PrepareAsync(request with { DefaultBranch = $"origin/{request.DefaultBranch}" }, ct);
        return pushed is null
            ? workspace
            : workspace with { ResumedFrom = pushed, DiscardedCommits = await _remote.AlignAsync(workspace, pushed, ct) };
    }

    public Task EnsureCloneAsync(string url, string path, CancellationToken ct) => _remote.EnsureCloneAsync(url, path, ct);

    public Task<PushResult?> PushAsync(Workspace workspace, bool overwrite, CancellationToken ct) => _remote.PushAsync(workspace, overwrite, ct);

    public Task<string?> CommitAllAsync(Workspace workspace, string message, CancellationToken ct) =>
        _committer.CommitAllAsync(workspace, message, ct);

    public Task<IReadOnlyList<string>> ChangedFilesAsync(Workspace workspace, CancellationToken ct) =>
        _changedFiles.ListAsync(workspace, ct);

    public Task<BranchDiff> DiffAsync(string repoPath, string branch, string into, CancellationToken ct) =>
        _landing.DiffAsync(repoPath, branch, into, ct);

    public Task<MergeOutcome> MergeAsync(string repoPath, string branch, string into, bool squash, string message, CancellationToken ct) =>
        _landing.MergeAsync(repoPath, branch, into, squash, message, ct);

    public Task<BranchDiff> DiffRemoteAsync(string clonePath, string branch, string into, CancellationToken ct) =>
        _remoteLanding.DiffAsync(clonePath, branch, into, ct);

    public Task<MergeOutcome> MergeRemoteAsync(string clonePath, string branch, string into, bool squash, string message, CancellationToken ct) =>
        _remoteLanding.MergeAsync(clonePath, branch, into, squash, message, ct);

    public async Task PublishAsync(Workspace workspace, CancellationToken ct)
    {
        if (workspace.Mode == WorkspaceMode.Worktree)
        {
            return; // A worktree's branch already lives in the repository.
        }

        await _git.RunCheckedAsync(
            workspace.RepoPath, ["fetch", "-q", workspace.Path, $"+{workspace.Branch}:{workspace.Branch}"], ct,
            $"If {workspace.Branch} is checked out in {workspace.RepoPath}, switch that checkout to another branch.");
    }

    public Task RemoveAsync(Workspace workspace, CancellationToken ct) => _remover.RemoveAsync(workspace, ct);

    public Task<TaskBranchList> ListTaskBranchesAsync(string repoPath, string into, CancellationToken ct) => _branches.ListAsync(repoPath, into, ct);

    public Task<IReadOnlyList<string>> DeleteTaskBranchesAsync(string repoPath, IReadOnlyList<string> branches, CancellationToken ct) =>
        _branches.DeleteAsync(repoPath, branches, ct);

    public Task<TaskBranchList> ListRemoteTaskBranchesAsync(string clonePath, string into, CancellationToken ct) =>
        _remoteBranches.ListAsync(clonePath, into, ct);

    public Task<RemoteBranchDeletion> DeleteRemoteTaskBranchesAsync(string clonePath, IReadOnlyDictionary<string, string> expected, CancellationToken ct) =>
        _remoteBranches.DeleteAsync(clonePath, expected, ct);

    public void MakeSpares(WorkspaceRequest request) => _spares.Refill(request);

    public ValueTask DisposeAsync() => _spares.DisposeAsync();
}
