using Baton.Core.Events;

namespace Baton.Core.Ports;

/// <summary>
/// The event log and the feed. Contract: every stored event gets a global <see cref="RunEvent.Position"/> that only
/// grows, and a reader that has seen position P never later finds a new event at a position ≤ P — positions become
/// visible in order (the SQLite store assigns them inside its single-writer transaction; a store with concurrent
/// writers must assign them at commit or make readers wait out in-flight gaps).
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends run events whose <see cref="RunEvent.Seq"/> the caller assigned; all or none are stored. Returns them with
    /// their positions, in the same order. A seq already stored for the run is a <see cref="Store.StoreErrorCategory.Conflict"/>.
    /// </summary>
    Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct);

    /// <summary>
    /// The run owner's append: as <see cref="AppendEventsAsync(IReadOnlyList{RunEvent}, CancellationToken)"/>, but only
    /// while the run (every event is of one run) still holds <paramref name="fence"/>, the epoch its owner got; once another
    /// process took the run it is a <see cref="Store.StoreErrorCategory.Fenced"/> failure and nothing is stored.
    /// </summary>
    Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, CancellationToken ct);

    /// <summary>
    /// The owner's append together with the stage row its events describe (a stage's end and its <c>stage.finished</c>),
    /// in one transaction: a process killed in between can never leave a stage recorded as done without its event, or
    /// the other way round.
    /// </summary>
    Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, Model.StageRecord stage, CancellationToken ct);

    /// <summary>Events of a run with seq greater than <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct);

    Task<long> LastSeqAsync(string runId, CancellationToken ct);

    /// <summary>
    /// Deletes the events and stored stage logs of runs that ended (a terminal state) before <paramref name="finishedBefore"/>
    /// — retention: the run's <c>events.ndjson</c> keeps its history. Returns how many events went.
    /// </summary>
    Task<int> PruneRunEventsAsync(DateTimeOffset finishedBefore, CancellationToken ct);

    /// <summary>Up to <paramref name="limit"/> events matching <paramref name="query"/>, in position order.</summary>
    Task<IReadOnlyList<RunEvent>> ReadFeedAsync(FeedQuery query, int limit, CancellationToken ct);

    /// <summary>
    /// A stamp that differs once any writer, in any process, has committed since it was read; cheap to read. A follower
    /// that read the feed to its end after taking a stamp skips the next read while the stamp is unchanged.
    /// </summary>
    Task<long> ChangeStampAsync(CancellationToken ct);

    /// <summary>
    /// A task that completes when a writer in any process commits events after this call, for stores that can say so
    /// (PostgreSQL's LISTEN/NOTIFY); null when this store cannot (then followers poll the stamp). Take it before reading
    /// the stamp, so a commit in between still completes it.
    /// </summary>
    Task? ChangeSignal();

    /// <summary>The highest position stored (0 when there are no events).</summary>
    Task<long> LastPositionAsync(CancellationToken ct);
}
