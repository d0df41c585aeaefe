using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Baton.Core.Events;
using Baton.Core.Text;

namespace Baton.Files;

/// <summary>
/// Formats events as NDJSON lines of the one event shape
/// (<c>{"position":7,"seq":42,"ts":"2026-11-22T10:00:00.123Z","task_id":..,"run_id":..,"stage":..,"type":"agent.command","data":{..}}</c>);
/// a task event has <c>"run_id": null</c> and no seq.
/// Written by hand rather than by the serializer so <c>ts</c> is always UTC with milliseconds and 'Z'.
/// <c>stage</c> is left out when null, as <see cref="BatonJson.Options"/> does. Not thread-safe.
/// </summary>
internal sealed class EventLineWriter : IDisposable
{
    private static readonly JsonEncodedText Position = JsonEncodedText.Encode("position");
    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText Ts = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText TaskId = JsonEncodedText.Encode("task_id");
    private static readonly JsonEncodedText RunId = JsonEncodedText.Encode("run_id");
    private static readonly JsonEncodedText Stage = JsonEncodedText.Encode("stage");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;

    public EventLineWriter()
    {
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The lines for <paramref name="events"/>; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Format(IReadOnlyList<RunEvent> events)
    {
        _buffer.ResetWrittenCount();
        Span<char> ts = stackalloc char[UtcText.Length];
        foreach (var e in events)
        {
            _json.Reset();
            _json.WriteStartObject();
            if (e.Position > 0)
            {
                _json.WriteNumber(Position, e.Position);
            }

            if (e.RunId is not null)
            {
                _json.WriteNumber(Seq, e.Seq);
            }

            UtcText.TryFormat(e.Ts, ts, out var written);
            _json.WriteString(Ts, ts[..written]);
            _json.WriteString(TaskId, e.TaskId);
            if (e.RunId is null)
            {
                _json.WriteNull(RunId);
            }
            else
            {
                _json.WriteString(RunId, e.RunId);
            }

            if (e.Stage is not null)
            {
                _json.WriteString(Stage, e.Stage);
            }

            _json.WriteString(Type, e.Type.Name());
            _json.WritePropertyName(Data);
            e.Data.WriteTo(_json, BatonJson.Options);
            _json.WriteEndObject();
            _json.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
        }

        return _buffer.WrittenMemory;
    }

    public void Dispose() => _json.Dispose();
}
