using System.Text.Json.Serialization;
using Baton.Core.Events.Data;

namespace Baton.Core.Events;

/// <summary>
/// One immutable fact. The same shape is stored, mirrored to <c>events.ndjson</c>, streamed and rendered.
/// <see cref="Position"/> is global and only grows (assigned by the store; 0 before it is stored), so any reader resumes
/// from it across runs and processes. A run's events also carry <see cref="Seq"/>, gap-free per run. Task-level events
/// (<c>task.queued</c>, <c>task.state</c>) have no run: <see cref="RunId"/> is null and <see cref="Seq"/> is 0 (not written).
/// <see cref="Data"/> is the type's record; <see cref="Type"/> is its type.
/// </summary>
[JsonConverter(typeof(RunEventConverter))]
public sealed record RunEvent
{
    public long Position { get; init; }

    public long Seq { get; init; }

    public DateTimeOffset Ts { get; init; }

    public required string TaskId { get; init; }

    public string? RunId { get; init; }

    public string? Stage { get; init; }

    public required EventData Data { get; init; }

    public EventType Type => Data.Type;

    /// <summary>True for task-level events (no run, no seq).</summary>
    public bool IsTaskEvent => RunId is null;
}
