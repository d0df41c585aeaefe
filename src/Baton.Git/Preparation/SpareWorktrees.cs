using Baton.Core.Config;
using Baton.Core.Workspaces;
using Baton.Git.Cleanup;
using Baton.Git.Cli;
using Microsoft.Extensions.Logging;

namespace Baton.Git.Preparation;

/// <summary>
/// Worktrees checked out ahead of time, detached at the default branch under <c>&lt;root&gt;/.spares</c>, so a task's
/// workspace is a move and a new branch (two short git calls) instead of a full <c>git worktree add</c>. They are made
/// in the background after a workspace is prepared; spares left by an earlier process are taken up again; one that
/// cannot be taken is removed and the task gets a fresh worktree as before. A spare is checked out under
/// <c>.spares/.making/</c> and moved up only when complete, so another Baton process never takes a half-made one.
/// </summary>
internal sealed class SpareWorktrees(GitCli git, WorkspaceRemover remover, ILogger log) : IAsyncDisposable
{
    public const string DirectoryName = ".spares";
    private const string Staging = ".making";
    private static readonly TimeSpan StaleStaging = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<string>> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _making = new(StringComparer.Ordinal);
    private readonly List<Task> _work = [];
    private readonly CancellationTokenSource _stop = new();

    public static string DirectoryOf(string root) => Path.Combine(Path.GetFullPath(root), DirectoryName);

    /// <summary>A spare of the request's workspace root, or null when none is ready.</summary>
    public string? TryTake(WorkspaceRequest request)
    {
        if (!Wanted(request))
        {
            return null;
        }

        lock (_gate)
        {
            var ready = Ready(request);
            while (ready.TryDequeue(out var dir))
            {
                if (Directory.Exists(dir))
                {
                    return dir;
                }
            }

            return null;
        }
    }

    /// <summary>Starts making spares until the request's number are ready or being made.</summary>
    public void Refill(WorkspaceRequest request)
    {
        if (!Wanted(request) || _stop.IsCancellationRequested)
        {
            return;
        }

        var spares = DirectoryOf(request.Root);
        lock (_gate)
        {
            var missing = request.Spares - Ready(request).Count - _making.GetValueOrDefault(spares);
            for (var i = 0; i < missing; i++)
            {
                _making[spares] = _making.GetValueOrDefault(spares) + 1;
                Track(MakeAsync(request, spares));
            }
        }
    }

    /// <summary>Removes a spare that could not be taken, in the background.</summary>
    public void Drop(WorkspaceRequest request, string dir)
    {
        lock (_gate)
        {
            Track(RemoveAsync(request.RepoPath, dir));
        }
    }

    /// <summary>Waits (bounded) for spares being made, so no git process outlives Baton.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] work;
        lock (_gate)
        {
            work = [.. _work];
        }

        var all = Task.WhenAll(work);
        if (await Task.WhenAny(all, Task.Delay(DisposeWait)) != all)
        {
            await _stop.CancelAsync();
        }

        await all.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static bool Wanted(WorkspaceRequest request) => request.Mode == WorkspaceMode.Worktree && request.Spares > 0;

    /// <summary>The queue of ready spares of a root; on first use, the spares an earlier process left there.</summary>
    private Queue<string> Ready(WorkspaceRequest request)
    {
        var dir = DirectoryOf(request.Root);
        if (!_ready.TryGetValue(dir, out var ready))
        {
            var found = Directory.Exists(dir) ? Directory.EnumerateDirectories(dir).Where(d => Path.GetFileName(d) != Staging) : [];
            ready = new Queue<string>(found.Order(StringComparer.Ordinal));
            _ready[dir] = ready;
            ClearStaleStaging(request.RepoPath, dir);
        }

        return ready;
    }

    /// <summary>Half-made spares of a process that died while making them (old enough that nobody is still at it).</summary>
    private void ClearStaleStaging(string repoPath, string spares)
    {
        var staging = Path.Combine(spares, Staging);
        if (!Directory.Exists(staging))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(staging).Where(d => DateTime.UtcNow - Directory.GetLastWriteTimeUtc(d) > StaleStaging))
        {
            Track(RemoveAsync(repoPath, dir));
        }
    }

    private void Track(Task task)
    {
        _work.RemoveAll(t => t.IsCompleted);
        _work.Add(task);
    }

    private async Task MakeAsync(WorkspaceRequest request, string spares)
    {
        var name = $"s{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}";
        var (staging, dir) = (Path.Combine(spares, Staging, name), Path.Combine(spares, name));
        var made = false;
        try
        {
            await Task.Yield();
            Directory.CreateDirectory(Path.GetDirectoryName(staging)!);
            if (await CheckOutAsync(request, staging))
            {
                made = LinkedWorktree.TryMove(staging, dir)
                    || (await git.RunAsync(request.RepoPath, ["worktree", "move", staging, dir], _stop.Token, background: true)).Succeeded;
                if (!made)
                {
                    await RemoveAsync(request.RepoPath, staging);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or UnauthorizedAccessException or InvalidOperationException or WorkspaceException)
        {
            // A spare is an optimisation: without it the next task makes its worktree itself.
            if (ex is not OperationCanceledException)
            {
                GitLog.SpareFailed(log, spares, ex);
            }
        }

        lock (_gate)
        {
            _making[spares] = _making.GetValueOrDefault(spares) - 1;
            if (made)
            {
                _ready[spares].Enqueue(dir);
            }
        }
    }

    /// <summary>A detached checkout of the default branch at <paramref name="staging"/>: registered by hand when it can be.</summary>
    private async Task<bool> CheckOutAsync(WorkspaceRequest request, string staging)
    {
        var commit = await git.RunAsync(request.RepoPath, ["rev-parse", "--verify", "-q", request.DefaultBranch + "^{commit}"], _stop.Token, background: true);
        if (commit.Succeeded && commit.Stdout.Count == 1
            && await QuickWorktree.TryAddAsync(git, request.RepoPath, staging, commit.Stdout[0], _stop.Token, background: true))
        {
            return true;
        }

        return (await git.RunAsync(request.RepoPath, ["worktree", "add", "-q", "--detach", staging, request.DefaultBranch], _stop.Token, background: true)).Succeeded;
    }

    private async Task RemoveAsync(string repoPath, string dir)
    {
        try
        {
            await Task.Yield();
            await remover.RemoveWorktreeAsync(repoPath, dir, _stop.Token, background: true);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or UnauthorizedAccessException or InvalidOperationException or WorkspaceException)
        {
            // Left for `git worktree prune` and the next process; it is never handed to a task.
            if (ex is not OperationCanceledException)
            {
                GitLog.SpareRemoveFailed(log, dir, ex);
            }
        }
    }
}
