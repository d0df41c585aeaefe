using Baton.Core.Events;

namespace Baton.Core.Ports;

public interface IRunFilesFactory
{
    IRunFiles Open(string taskId, string runId);

    /// <summary>Mirrors task-level events to the task's own <c>events.ndjson</c>, beside its runs.</summary>
    Task AppendTaskEventsAsync(string taskId, IReadOnlyList<RunEvent> events, CancellationToken ct);
}
