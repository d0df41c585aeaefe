using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Baton.Core.Events;

/// <summary>
/// One immutable fact. The same shape is stored, mirrored to <c>events.ndjson</c>, streamed and rendered.
/// <see cref="Position"/> is global and only grows (assigned by the store; 0 before it is stored), so any reader resumes
/// from it across runs and processes. A run's events also carry <see cref="Seq"/>, gap-free per run. Task-level events
/// (<c>task.queued</c>, <c>task.state</c>) have no run: <see cref="RunId"/> is null and <see cref="Seq"/> is 0 (not written).
/// </summary>
public sealed record RunEvent
{
    [JsonPropertyName("position")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Position { get; init; }

    [JsonPropertyName("seq")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Seq { get; init; }

    [JsonPropertyName("ts")] public DateTimeOffset Ts { get; init; }
    [JsonPropertyName("task_id")] public required string TaskId { get; init; }

    [JsonPropertyName("run_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? RunId { get; init; }

    [JsonPropertyName("stage")] public string? Stage { get; init; }
    [JsonPropertyName("type")] public EventType Type { get; init; }
    [JsonPropertyName("data")] public JsonObject Data { get; init; } = [];

    /// <summary>True for task-level events (no run, no seq).</summary>
    [JsonIgnore]
    public bool IsTaskEvent => RunId is null;
}
