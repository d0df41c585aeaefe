using Baton.Core.Events;

namespace Baton.Core.Ports;

public interface IEventStore
{
    /// <summary>Appends events whose <see cref="RunEvent.Seq"/> the caller assigned; all or none are stored.</summary>
    Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct);

    /// <summary>Events of a run with seq greater than <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct);

    Task<long> LastSeqAsync(string runId, CancellationToken ct);
}
