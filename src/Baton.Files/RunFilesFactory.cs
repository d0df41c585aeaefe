using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Core.Store;

namespace Baton.Files;

/// <summary>Opens <c>&lt;stateDir&gt;/runs/&lt;taskId&gt;/&lt;runId&gt;/</c>; ids must be plain path segments.</summary>
public sealed class RunFilesFactory(string stateDir) : IRunFilesFactory
{
    public string StateDir { get; } = Path.GetFullPath(stateDir);

    /// <summary>How much of a stage's raw output each run's log keeps (<see cref="RunFiles.LogCapChars"/>).</summary>
    public long LogCapChars { get; init; } = 256L * 1024 * 1024;

    /// <exception cref="ArgumentException">An id is not one segment of <c>[A-Za-z0-9._-]</c>, or is '.' or '..'.</exception>
    /// <exception cref="StoreException">The directory cannot be created.</exception>
    public IRunFiles Open(string taskId, string runId) => OpenRun(taskId, runId);

    /// <summary>
    /// Appends task events to <c>runs/&lt;taskId&gt;/events.ndjson</c> (one write, whole lines, O_APPEND so several processes
    /// may append to the same task's file).
    /// </summary>
    public Task AppendTaskEventsAsync(string taskId, IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        PathSegments.RequireSafe(taskId, nameof(taskId));
        ct.ThrowIfCancellationRequested();
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        var path = TaskEventsPath(taskId);
        using var lines = new EventLineWriter();
        var bytes = lines.Format(events);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = AppendOnlyFile.Open(path);
            file.Append(bytes.Span);
        }
        catch (Exception ex) when (FileErrors.FromIo(ex, path) is { } mapped)
        {
            throw mapped;
        }

        return Task.CompletedTask;
    }

    public string TaskEventsPath(string taskId) => Path.Combine(StateDir, "runs", taskId, "events.ndjson");

    /// <summary>As <see cref="Open"/>, typed as the concrete class (for its paths).</summary>
    public RunFiles OpenRun(string taskId, string runId)
    {
        PathSegments.RequireSafe(taskId, nameof(taskId));
        PathSegments.RequireSafe(runId, nameof(runId));
        return new RunFiles(Path.Combine(StateDir, "runs", taskId, runId)) { LogCapChars = LogCapChars };
    }
}
