using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Baton.Core.Events.Data;

/// <summary>
/// The <c>data</c> of one event: a closed set of records, one per <see cref="EventType"/> (the table is
/// <see cref="EventDataJson"/>), so writers and renderers name fields instead of string keys. The wire shape of spec §7
/// is unchanged: the envelope's <c>type</c> picks the record. Fields a record does not name (an older or newer
/// writer's, or a command agent's own) are kept in <see cref="Extra"/> and written back as they were: nothing read is lost.
/// </summary>
public abstract record EventData
{
    private protected EventData(EventType type) => Type = type;

    [JsonIgnore]
    public EventType Type { get; }

    /// <summary>Fields the record does not name. Settable (not init) because source-generated deserialization fills
    /// extension data after construction; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// Data that could not be read as its type's record (a field of the wrong JSON kind, written by something other than
/// Baton): kept whole in <see cref="Raw"/> under its type, shown as JSON, never dropped.
/// </summary>
public sealed record UnreadData : EventData
{
    public UnreadData(EventType type, JsonObject raw)
        : base(type) => Raw = raw;

    /// <summary>The data exactly as it was read.</summary>
    [JsonIgnore]
    public JsonObject Raw { get; }
}
