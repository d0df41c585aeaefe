using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;

namespace Baton.Files;

/// <summary>
/// One run's readable mirror on disk. <c>events.ndjson</c> is opened once and each batch reaches the OS in one
/// write (no fsync per batch: the store is the source of truth; <see cref="DisposeAsync"/> fsyncs). JSON files are
/// replaced atomically. File-system failures surface as <see cref="StoreException"/>s naming the file.
/// </summary>
public sealed class RunFiles : IRunFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _gate = new();
    private readonly EventLineWriter _lines = new();
    private readonly Dictionary<string, (TextWriter Writer, GuardedLogWriter Inner)> _logs = new(StringComparer.Ordinal);
    private AppendOnlyFile? _events;
    private bool _disposed;

    /// <summary>Uses (creating if needed) <paramref name="directory"/> as the run's directory.</summary>
    /// <exception cref="StoreException">The directory cannot be created.</exception>
    /// <summary>How much of a stage's raw output its log keeps (characters; <c>policy.limits.stage_log_mb</c>, 256 MB by default).</summary>
    public long LogCapChars { get; init; } = 256L * 1024 * 1024;

    public RunFiles(string directory)
    {
        Directory = Path.GetFullPath(directory);
        Guard(Directory, () => System.IO.Directory.CreateDirectory(Directory));
    }

    public string Directory { get; }

    public string EventsPath => Path.Combine(Directory, "events.ndjson");

    public string ManifestPath => Path.Combine(Directory, "manifest.json");

    public string ResultPath => Path.Combine(Directory, "result.json");

    public Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var lines = _lines.Format(events);
            Guard(EventsPath, () =>
            {
                _events ??= AppendOnlyFile.Open(EventsPath);
                var before = _events.Length;
                try
                {
                    _events.Append(lines.Span);
                }
                catch (IOException)
                {
                    // Leave whole lines only: a reader must never meet half an event.
                    TryTruncate(_events, before);
                    throw;
                }
            });
            FlushLogs();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stage logs are buffered (a per-line flush costs a system call per output line) and flushed whenever events
    /// are appended — every 100 ms or so while a run is busy — and at dispose.
    /// </summary>
    private void FlushLogs()
    {
        foreach (var (writer, _) in _logs.Values)
        {
            writer.Flush();
        }
    }

    public Task WriteManifestAsync<T>(T manifest, JsonTypeInfo<T> type, CancellationToken ct) => WriteJsonAsync(ManifestPath, manifest, type, ct);

    public Task WriteResultAsync<T>(T result, JsonTypeInfo<T> type, CancellationToken ct) => WriteJsonAsync(ResultPath, result, type, ct);

    /// <summary>
    /// The log of <paramref name="stage"/>, appending, buffered (see <see cref="FlushLogs"/>) and safe to share between threads. The stage id
    /// is turned into a safe file name (<c>a/b</c> → <c>logs/a_b.log</c>); the same stage gets the same writer until
    /// it is disposed. <see cref="DisposeAsync"/> closes every writer still open.
    /// </summary>
    public TextWriter OpenLog(string stage)
    {
        var path = Path.Combine(Directory, "logs", PathSegments.SafeFileName(stage) + ".log");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_logs.TryGetValue(path, out var open) && !open.Inner.IsDisposed)
            {
                return open.Writer;
            }

            var inner = Guard(path, () =>
            {
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // Unbuffered stream: the StreamWriter buffers, and a stream buffer would retry a failed write at dispose.
                // 4 K chars (8 KB + 12 KB of encoder buffer per open log) rather than 16 K (80 KB): a thousand live runs
                // each hold one, and a write of 4 K chars costs a few microseconds.
                var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                return new GuardedLogWriter(new StreamWriter(stream, Utf8, bufferSize: 4 * 1024) { AutoFlush = false }, path, LogCapChars);
            });
            var writer = TextWriter.Synchronized(inner);
            _logs[path] = (writer, inner);
            return writer;
        }
    }

    /// <summary>Writes <c>prompts/&lt;name&gt;.md</c> atomically; the name is made safe as for <see cref="OpenLog"/>.</summary>
    public async Task<string> WritePromptAsync(string name, string text, CancellationToken ct)
    {
        var path = Path.Combine(Directory, "prompts", PathSegments.SafeFileName(name) + ".md");
        await GuardAsync(path, async () =>
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await AtomicFile.WriteAsync(path, Utf8.GetBytes(text), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return path;
    }

    /// <summary>Closes the event log (after an fsync) and every stage log; throws the first failure after closing all.</summary>
    public ValueTask DisposeAsync()
    {
        List<Action> closers;
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
            _lines.Dispose();
            closers = [.. _logs.Values.Select(l => (Action)l.Writer.Dispose)];
            if (_events is { } events)
            {
                closers.Insert(0, () =>
                {
                    try
                    {
                        Guard(EventsPath, events.FlushToDisk);
                    }
                    finally
                    {
                        events.Dispose();
                    }
                });
            }
        }

        var failures = new List<Exception>();
        foreach (var close in closers)
        {
            try
            {
                close();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        return failures.Count == 0 ? ValueTask.CompletedTask : ValueTask.FromException(failures[0]);
    }

    private static async Task WriteJsonAsync<T>(string path, T value, JsonTypeInfo<T> type, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Serialize first: if the object cannot be serialized, nothing on disk is touched.
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var content = new byte[json.Length + 1];
        json.CopyTo(content, 0);
        content[^1] = (byte)'\n';
        await GuardAsync(path, () => AtomicFile.WriteAsync(path, content, ct)).ConfigureAwait(false);
    }

    private static void TryTruncate(AppendOnlyFile file, long length)
    {
        try
        {
            file.Truncate(length);
        }
        catch (IOException)
        {
        }
    }

    private static T Guard<T>(string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception ex) when (FileErrors.FromIo(ex, path) is { } mapped)
        {
            throw mapped;
        }
    }

    private static void Guard(string path, Action work) => Guard(path, () =>
    {
        work();
        return true;
    });

    private static async Task GuardAsync(string path, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (FileErrors.FromIo(ex, path) is { } mapped)
        {
            throw mapped;
        }
    }
}
