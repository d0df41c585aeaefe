using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Baton.Core.Events;

/// <summary>
/// One immutable, sequenced fact about a run. The same shape is stored, mirrored to <c>events.ndjson</c>,
/// streamed and rendered. <see cref="Seq"/> is gap-free per run and doubles as a resume cursor.
/// </summary>
public sealed record RunEvent
{
    [JsonPropertyName("seq")] public long Seq { get; init; }
    [JsonPropertyName("ts")] public DateTimeOffset Ts { get; init; }
    [JsonPropertyName("task_id")] public required string TaskId { get; init; }
    [JsonPropertyName("run_id")] public required string RunId { get; init; }
    [JsonPropertyName("stage")] public string? Stage { get; init; }
    [JsonPropertyName("type")] public EventType Type { get; init; }
    [JsonPropertyName("data")] public JsonObject Data { get; init; } = [];
}
