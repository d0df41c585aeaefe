using System.Data.Common;
using System.Text.Json;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="RunEvent"/> from the <c>events</c> table (columns in the order of the stores' event SELECTs).</summary>
internal static class EventRows
{
    public static RunEvent ReadEvent(DbDataReader r)
    {
        var typeName = r.GetString(6);
        var ts = r.GetString(2);
        var type = EventTypeNames.TryParse(typeName, out var known) ? known : throw new BadRowException($"an unknown event type '{typeName}'");
        return new RunEvent
        {
            Position = r.GetInt64(0),
            Seq = r.IsDBNull(1) ? 0 : r.GetInt64(1),
            Ts = UtcText.TryParse(ts, out var at) ? at : throw new BadRowException($"a malformed event timestamp '{ts}'"),
            TaskId = r.GetString(3),
            RunId = r.IsDBNull(4) ? null : r.GetString(4),
            Stage = r.IsDBNull(5) ? null : r.GetString(5),
            Data = ReadData(type, r.GetString(7)),
        };
    }

    public static EventData ReadData(EventType type, string data)
    {
        try
        {
            return EventDataJson.Read(type, data);
        }
        catch (JsonException ex)
        {
            throw new BadRowException($"event data that is not a JSON object: {data}", ex);
        }
    }
}
