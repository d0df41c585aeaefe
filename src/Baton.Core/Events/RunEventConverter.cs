using System.Text.Json;
using System.Text.Json.Serialization;
using Baton.Core.Events.Data;
using Baton.Core.Text;

namespace Baton.Core.Events;

/// <summary>
/// The wire shape of spec §7: <c>{"position", "seq", "ts", "task_id", "run_id", "stage", "type", "data"}</c>. The
/// envelope's <c>type</c> picks the data record (<see cref="EventDataJson"/>); <c>position</c> is left out before the
/// store assigns it, <c>seq</c> on task events, <c>stage</c> when there is none; <c>run_id</c> is always written.
/// Reads lines written by any earlier build (their data fields are the same names).
/// </summary>
public sealed class RunEventConverter : JsonConverter<RunEvent>
{
    private static readonly JsonEncodedText Position = JsonEncodedText.Encode("position");
    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText Ts = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText TaskId = JsonEncodedText.Encode("task_id");
    private static readonly JsonEncodedText RunId = JsonEncodedText.Encode("run_id");
    private static readonly JsonEncodedText Stage = JsonEncodedText.Encode("stage");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");

    public override void Write(Utf8JsonWriter writer, RunEvent value, JsonSerializerOptions options) => WriteTo(writer, value);

    public static void WriteTo(Utf8JsonWriter writer, RunEvent e)
    {
        writer.WriteStartObject();
        if (e.Position > 0)
        {
            writer.WriteNumber(Position, e.Position);
        }

        if (e.RunId is not null)
        {
            writer.WriteNumber(Seq, e.Seq);
        }

        Span<char> ts = stackalloc char[UtcText.Length];
        UtcText.TryFormat(e.Ts, ts, out var written);
        writer.WriteString(Ts, ts[..written]);
        writer.WriteString(TaskId, e.TaskId);
        if (e.RunId is null)
        {
            writer.WriteNull(RunId);
        }
        else
        {
            writer.WriteString(RunId, e.RunId);
        }

        if (e.Stage is not null)
        {
            writer.WriteString(Stage, e.Stage);
        }

        writer.WriteString(TypeName, e.Type.Name());
        writer.WritePropertyName(DataName);
        EventDataJson.Write(writer, e.Data);
        writer.WriteEndObject();
    }

    public override RunEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("an event is a JSON object");
        }

        long position = 0, seq = 0;
        DateTimeOffset? ts = null;
        string? taskId = null, runId = null, stage = null;
        EventType? type = null;
        JsonElement? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "position": position = reader.GetInt64(); break;
                case "seq": seq = reader.GetInt64(); break;
                case "ts": ts = UtcText.TryParse(reader.GetString() ?? "", out var at) ? at : throw new JsonException("`ts` is not a timestamp"); break;
                case "task_id": taskId = reader.GetString(); break;
                case "run_id": runId = reader.GetString(); break;
                case "stage": stage = reader.GetString(); break;
                case "type":
                    var typeName = reader.GetString() ?? "";
                    type = EventTypeNames.TryParse(typeName, out var parsed) ? parsed : throw new JsonException($"unknown event type `{typeName}`");
                    break;
                case "data": data = JsonElement.ParseValue(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        if (taskId is null || type is null || ts is null)
        {
            throw new JsonException("an event needs `ts`, `task_id` and `type`");
        }

        return new RunEvent
        {
            Position = position,
            Seq = seq,
            Ts = ts.Value,
            TaskId = taskId,
            RunId = runId,
            Stage = stage,
            Data = data is { } d ? EventDataJson.Read(type.Value, d) : EventDataJson.Read(type.Value, "{}"),
        };
    }
}
