using Baton.Core.Ports;
using Baton.Store.Sqlite.Files;

namespace Baton.Store.Sqlite;

/// <summary>Opens <c>&lt;stateDir&gt;/runs/&lt;taskId&gt;/&lt;runId&gt;/</c>; ids must be plain path segments.</summary>
public sealed class RunFilesFactory(string stateDir) : IRunFilesFactory
{
    public string StateDir { get; } = Path.GetFullPath(stateDir);

    /// <exception cref="ArgumentException">An id is not one segment of <c>[A-Za-z0-9._-]</c>, or is '.' or '..'.</exception>
    /// <exception cref="StoreException">The directory cannot be created.</exception>
    public IRunFiles Open(string taskId, string runId) => OpenRun(taskId, runId);

    /// <summary>As <see cref="Open"/>, typed as the concrete class (for its paths).</summary>
    public RunFiles OpenRun(string taskId, string runId)
    {
        PathSegments.RequireSafe(taskId, nameof(taskId));
        PathSegments.RequireSafe(runId, nameof(runId));
        return new RunFiles(Path.Combine(StateDir, "runs", taskId, runId));
    }
}
