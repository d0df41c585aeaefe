using Baton.Core.Workspaces;
using Baton.Git.Cli;

namespace Baton.Git.Changes;

/// <summary>
/// Commits everything in a workspace with as few git processes as the outcome allows: <c>status</c> (and
/// nothing more when the workspace is clean), then <c>add -A</c>,
/// <c>commit</c>, <c>rev-parse HEAD</c> when there was something to commit. Only when the commit fails does it
/// look closer: nothing staged means nothing to do, and a repository without a git identity gets Baton's as a
/// fallback (a configured identity always wins).
/// </summary>
internal sealed class WorkspaceCommitter(GitCli git)
{
    private static readonly string[] FallbackIdentity = ["-c", "user.name=Baton", "-c", "user.email=baton@localhost"];

    public async Task<string?> CommitAllAsync(Workspace workspace, string message, CancellationToken ct)
    {
        var dir = workspace.Path;
        // One cheap look first: most turns that change nothing then cost a single git process.
        var status = await git.RunCheckedAsync(dir, ["status", "--porcelain", "--untracked-files=all"], ct);
        if (status.Stdout.All(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        await git.RunCheckedAsync(dir, ["add", "-A"], ct);
        string[] commit = ["commit", "-q", "--no-verify", "-m", message];
        var first = await git.RunAsync(dir, commit, ct);
        if (!first.Succeeded)
        {
            if ((await git.RunAsync(dir, ["diff", "--cached", "--quiet"], ct)).Succeeded)
            {
                return null;
            }

            if ((await git.RunAsync(dir, ["var", "GIT_COMMITTER_IDENT"], ct)).Succeeded)
            {
                throw GitCli.Failure(first);
            }

            await git.RunCheckedAsync(dir, [.. FallbackIdentity, .. commit], ct);
        }

        return (await git.RunCheckedAsync(dir, ["rev-parse", "HEAD"], ct)).First;
    }
}
