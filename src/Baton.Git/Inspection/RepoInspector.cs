using Baton.Core.Workspaces;
using Baton.Git.Cli;

namespace Baton.Git.Inspection;

/// <summary>
/// Learns what Baton needs about a repository with three git calls run side by side: where it is and what HEAD is,
/// which branches exist (and where origin/HEAD points), and whether tracked files are modified.
/// </summary>
internal sealed class RepoInspector(GitCli git)
{
    public async Task<RepoInfo> InspectAsync(string path, string? defaultBranch, CancellationToken ct)
    {
        if (!Directory.Exists(path))
        {
            throw new WorkspaceException($"{path} does not exist: point the project's `repo` at a git repository.");
        }

        var headTask = git.RunAsync(path, ["rev-parse", "--show-toplevel", "HEAD", "--symbolic-full-name", "HEAD"], ct);
        var refsTask = git.RunAsync(path, ["for-each-ref", "--format=%(refname)%09%(symref)", "refs/heads/", "refs/remotes/origin/HEAD"], ct);
        var statusTask = git.RunAsync(path, ["status", "--porcelain", "--untracked-files=no"], ct);
        await Task.WhenAll(headTask, refsTask, statusTask);

        var head = await headTask;
        if (!head.Succeeded)
        {
            throw head.Stdout.Count == 0
                ? new WorkspaceException(
                    $"{path} is not a git repository: run `git init` (and commit) or pass --config pointing at a project. (git: {head.ErrorText})")
                : new WorkspaceException(
                    $"{head.First} has no commits yet: make a first commit (e.g. `git commit --allow-empty -m init`) so that tasks have a branch to start from.");
        }

        var root = head.Stdout[0];
        var current = head.Stdout[2].StartsWith("refs/heads/", StringComparison.Ordinal) ? head.Stdout[2]["refs/heads/".Length..] : null;
        var (branches, originHead) = ParseRefs(await refsTask);
        var status = await statusTask;
        if (!status.Succeeded)
        {
            throw GitCli.Failure(status);
        }

        var branch = DefaultBranchResolver.Resolve(root, defaultBranch, branches, originHead, current);
        return new RepoInfo(root, branch, head.Stdout[1], current, HasTrackedChanges: status.Stdout.Any(l => l.Length > 0));
    }

    private static (HashSet<string> Branches, string? OriginHead) ParseRefs(GitOutput refs)
    {
        if (!refs.Succeeded)
        {
            throw GitCli.Failure(refs);
        }

        var branches = new HashSet<string>(StringComparer.Ordinal);
        string? originHead = null;
        foreach (var line in refs.Stdout)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var name = tab < 0 ? line : line[..tab];
            if (name.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                branches.Add(name["refs/heads/".Length..]);
            }
            else if (name == "refs/remotes/origin/HEAD" && tab >= 0 && line.Length > tab + 1)
            {
                originHead = line[(tab + 1)..];
            }
        }

        return (branches, originHead);
    }
}
