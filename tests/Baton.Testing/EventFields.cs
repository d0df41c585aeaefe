using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Events.Data;

namespace Baton.Testing;

/// <summary>Event data as its wire JSON, so tests check the fields spec §7 readers see, and data built from wire JSON.</summary>
public static class EventFields
{
    /// <summary>The data as it is written to the store, events.ndjson and the feed.</summary>
    public static JsonObject Fields(this EventData data) => EventDataJson.ToObject(data);

    /// <summary>The data a writer of this wire JSON would have produced.</summary>
    public static EventData Of(EventType type, JsonObject fields) => EventDataJson.Read(type, fields.ToJsonString());
}
