using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Baton.Core.Events;

namespace Baton.Files;

/// <summary>
/// Formats events as NDJSON lines of the one event shape
/// (<c>{"position":7,"seq":42,"ts":"2026-11-22T10:00:00.123Z","task_id":..,"run_id":..,"stage":..,"type":"agent.command","data":{..}}</c>);
/// a task event has <c>"run_id": null</c> and no seq.
/// One reusable buffer and writer for every batch (the envelope is <see cref="RunEventConverter"/>'s). Not thread-safe.
/// </summary>
internal sealed class EventLineWriter : IDisposable
{
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
        foreach (var e in events)
        {
            _json.Reset();
            RunEventConverter.WriteTo(_json, e);
            _json.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
        }

        return _buffer.WrittenMemory;
    }

    public void Dispose() => _json.Dispose();
}
