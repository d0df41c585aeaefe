using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;
using Baton.Engine.Logging;

namespace Baton.Engine.Scheduling;

/// <summary>
/// Removes the workspaces of finished tasks once they are older than the project's <c>workspace.retention</c>. The task
/// branch and its commits stay; only the checkout goes. A task that may still run again (waiting, paused) keeps its workspace.
/// Each node sweeps its own workspace directories too: one left by a run another node took over and finished, or one
/// whose task the store does not know (a task deleted, a workspace of a killed process).
/// </summary>
public sealed class WorkspaceJanitor(EngineServices services)
{
    private static readonly TaskState[] Finished = [TaskState.Succeeded, TaskState.Failed, TaskState.Cancelled, TaskState.Escalated];

    private readonly Microsoft.Extensions.Logging.ILogger _log = services.Logs.CreateLogger(EngineLog.Category);

    /// <returns>The workspace paths removed.</returns>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken ct)
    {
        var removed = new List<string>();
        var ended = new List<(TaskItem Task, RunRecord Last)>();
        var now = services.Time.GetUtcNow();
        foreach (var task in await services.Store.ListTasksAsync(new TaskQuery(Finished, 10_000), ct))
        {
            var runs = await services.Store.ListRunsForTaskAsync(task.Id, ct);
            if (runs.Count == 0 || runs.Any(r => !r.State.IsTerminal()))
            {
                continue;
            }

            var last = runs.MaxBy(r => r.FinishedAt ?? r.CreatedAt)!;
            ended.Add((task, last));
            var project = services.Config.Projects.FirstOrDefault(p => p.Key == last.Project);
            if (project is null || last.Workspace is not { } path || !Directory.Exists(path)
                || now - (last.FinishedAt ?? last.CreatedAt) < project.Workspace.Retention)
            {
                continue;
            }

            try
            {
                var workspace = new Workspace(path, last.Branch ?? $"baton/{task.Id}", "", project.Workspace.Mode, RunSetup.RepoPath(services, project));
                await services.Workspaces.RemoveAsync(workspace, ct);
                removed.Add(path);
            }
            catch (Exception ex) when (ex is WorkspaceException or IOException or ArgumentException)
            {
                // Left for the next sweep; a workspace that cannot be removed now is not worth failing the queue for.
                EngineLog.JanitorFailed(_log, path, ex);
            }
        }

        await SweepLeftoversAsync(removed, now, ct);
        await SweepRunHistoryAsync(ct);
        await SweepBranchesAsync(ended, now, ct);
        return removed;
    }

    /// <summary>Deletes the task branches retention lets go, here and on a remote project's remote (<see cref="TaskBranchSweep"/>).</summary>
    public Task<BranchSweep> SweepBranchesAsync(IReadOnlyList<(TaskItem Task, RunRecord Last)> ended, DateTimeOffset now, CancellationToken ct) =>
        new TaskBranchSweep(services, _log).SweepAsync(ended, now, ct);

    /// <summary>What finished runs leave past <c>retention:</c> — their store events, and this node's run directories.</summary>
    public async Task<RunHistorySweep> SweepRunHistoryAsync(CancellationToken ct)
    {
        var retention = services.Config.Retention;
        var now = services.Time.GetUtcNow();
        var events = retention.Events is { } keepEvents ? await services.Store.PruneRunEventsAsync(now - keepEvents, ct) : 0;
        var dirs = retention.RunFiles is { } keepFiles ? await RemoveRunDirectoriesAsync(now - keepFiles, ct) : [];
        if (events > 0 || dirs.Count > 0)
        {
            EngineLog.RetentionSwept(_log, events, now - retention.Events, dirs.Count);
        }

        return new RunHistorySweep(events, dirs);
    }

    /// <summary>
    /// Run directories (<c>runs/&lt;task&gt;/&lt;run&gt;</c>) of runs that ended before <paramref name="before"/> — or, for a run the
    /// store does not know, last written before it — and then task directories left with no run.
    /// </summary>
    private async Task<List<string>> RemoveRunDirectoriesAsync(DateTimeOffset before, CancellationToken ct)
    {
        var removed = new List<string>();
        var runs = Path.Combine(services.StateDir, "runs");
        if (!Directory.Exists(runs))
        {
            return removed;
        }

        foreach (var taskDir in Directory.EnumerateDirectories(runs))
        {
            foreach (var runDir in Directory.EnumerateDirectories(taskDir))
            {
                var run = await services.Store.GetRunAsync(Path.GetFileName(runDir), ct);
                var ended = run is null
                    ? Directory.GetLastWriteTimeUtc(runDir) < before.UtcDateTime
                    : run.State.IsTerminal() && run.FinishedAt is { } at && at < before;
                if (ended && TryDelete(runDir))
                {
                    removed.Add(runDir);
                }
            }

            // The task's own event log goes with its last run, once the task is finished (or unknown) and as old.
            var lastWritten = Directory.EnumerateFiles(taskDir).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
            if (!Directory.EnumerateDirectories(taskDir).Any() && lastWritten < before.UtcDateTime
                && await services.Store.GetTaskAsync(Path.GetFileName(taskDir), ct) is var task && (task is null || Finished.Contains(task.State)))
            {
                TryDelete(taskDir);
            }
        }

        return removed;
    }

    private bool TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            EngineLog.RunDirectoryNotRemoved(_log, directory, ex);
            return false;
        }
    }

    /// <summary>Directories under this node's workspace roots whose task is finished past retention, or unknown.</summary>
    private async Task SweepLeftoversAsync(List<string> removed, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var project in services.Config.Projects)
        {
            var root = RunSetup.WorkspaceRoot(services, project);
            // A root of the project's own choosing may be shared with another Baton (another store): there only
            // workspaces of tasks this store knows are swept.
            var ours = project.Workspace.Root is null;
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateDirectories(root))
            {
                var name = Path.GetFileName(path);
                if (name.StartsWith('.') || removed.Contains(path) || !await IsLeftoverAsync(name, project, ours, now, ct))
                {
                    continue; // spares (.spares) and what a task may still use
                }

                try
                {
                    var workspace = new Workspace(path, $"baton/{name}", "", project.Workspace.Mode, RunSetup.RepoPath(services, project));
                    await services.Workspaces.RemoveAsync(workspace, ct);
                    removed.Add(path);
                }
                catch (Exception ex) when (ex is WorkspaceException or IOException or ArgumentException)
                {
                    EngineLog.JanitorFailed(_log, path, ex);
                }
            }
        }
    }

    private async Task<bool> IsLeftoverAsync(string taskId, Core.Config.ProjectConfig project, bool ours, DateTimeOffset now, CancellationToken ct)
    {
        if (await services.Store.GetTaskAsync(taskId, ct) is not { } task)
        {
            return ours;
        }

        if (!Finished.Contains(task.State) || task.Project is { } key && key != project.Key)
        {
            return false;
        }

        var runs = await services.Store.ListRunsForTaskAsync(taskId, ct);
        return runs.All(r => r.State.IsTerminal()) && now - task.UpdatedAt >= project.Workspace.Retention;
    }
}

/// <summary>What one retention sweep removed: store events, and run directories of this node.</summary>
public sealed record RunHistorySweep(int Events, IReadOnlyList<string> RunDirectories);
