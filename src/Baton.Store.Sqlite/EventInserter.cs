using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Baton.Store.Sqlite;

/// <summary>
/// The hot path of the store: one persistent prepared INSERT on the writer connection, bound with UTF-8 bytes
/// straight from reusable buffers. Going below Microsoft.Data.Sqlite here roughly halves the cost per event (no
/// parameter objects, boxing, or intermediate strings); the caller owns the transaction. Not thread-safe.
/// </summary>
internal sealed class EventInserter : IDisposable
{
    private const uint PreparePersistent = 0x01;
    private const int StackLimit = 256;

    private static readonly FrozenDictionary<EventType, byte[]> TypeNames = Enum.GetValues<EventType>()
        .ToFrozenDictionary(t => t, t => Encoding.UTF8.GetBytes(t.Name()));

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insert;
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private readonly Utf8JsonWriter _json;

    public EventInserter(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v3(
            _db,
            "INSERT INTO events (run_id, seq, ts, task_id, stage, type, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            PreparePersistent,
            out _insert));
        _json = new Utf8JsonWriter(_data, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>
    /// Inserts one event and returns its position (the rowid the insert got); throws <see cref="SqliteException"/>
    /// (a constraint error for a duplicate seq). A task-level event (no run) is stored with no run and no seq.
    /// </summary>
    public long Insert(RunEvent e)
    {
        Span<byte> ts = stackalloc byte[UtcText.Length];
        try
        {
            if (e.RunId is null)
            {
                Check(raw.sqlite3_bind_null(_insert, 1));
                Check(raw.sqlite3_bind_null(_insert, 2));
            }
            else
            {
                BindText(1, e.RunId);
                Check(raw.sqlite3_bind_int64(_insert, 2, e.Seq));
            }

            UtcText.TryFormat(e.Ts, ts, out var written);
            Check(raw.sqlite3_bind_text(_insert, 3, ts[..written]));
            BindText(4, e.TaskId);
            if (e.Stage is null)
            {
                Check(raw.sqlite3_bind_null(_insert, 5));
            }
            else
            {
                BindText(5, e.Stage);
            }

            Check(raw.sqlite3_bind_text(_insert, 6, TypeNames[e.Type]));
            _data.ResetWrittenCount();
            _json.Reset();
            EventDataJson.Write(_json, e.Data);
            _json.Flush();
            Check(raw.sqlite3_bind_text(_insert, 7, _data.WrittenSpan));
            var rc = raw.sqlite3_step(_insert);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }

            return raw.sqlite3_last_insert_rowid(_db);
        }
        finally
        {
            raw.sqlite3_reset(_insert);
        }
    }

    public void Dispose()
    {
        raw.sqlite3_finalize(_insert);
        _json.Dispose();
    }

    private void BindText(int index, string value)
    {
        if (value.Length > StackLimit)
        {
            Check(raw.sqlite3_bind_text(_insert, index, value));
            return;
        }

        Span<byte> utf8 = stackalloc byte[StackLimit * 3];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        Check(raw.sqlite3_bind_text(_insert, index, utf8[..length]));
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
