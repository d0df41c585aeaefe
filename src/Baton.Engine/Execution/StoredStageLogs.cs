using System.Text;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Core.Store;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Execution;

/// <summary>
/// A run's files with every stage log also copied into the shared store, so a node that did not run the stage (one
/// that took the run over, or serves the dashboard) can read it. What a stage writes goes to its file as before and
/// into a buffer that is stored every <see cref="Interval"/> and when the run's files close, under the run's epoch (a
/// node that lost the run stores nothing more). The copy keeps the first <see cref="MaxChars"/> characters of each
/// stage's log and says where the rest is; failing to store it never fails the run.
/// </summary>
public sealed class StoredStageLogs(IRunFiles files, IRunStore store, string runId, long fence, string node, ILogger log) : IRunFiles
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Characters of one stage's log the store keeps (the file keeps everything, up to its own cap).</summary>
    public const int MaxChars = 1024 * 1024;

    private readonly IRunFiles _files = files;
    private readonly Dictionary<string, Pending> _stages = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _storing = new(1, 1);
    private Task? _loop;

    private sealed class Pending
    {
        public StringBuilder Text { get; } = new();
        public long Kept { get; set; }
        public bool Capped { get; set; }
        public bool Failed { get; set; }
    }

    public string Directory => _files.Directory;

    public Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct) => _files.AppendEventsAsync(events, ct);

    public Task WriteManifestAsync<T>(T manifest, JsonTypeInfo<T> type, CancellationToken ct) => _files.WriteManifestAsync(manifest, type, ct);

    public Task WriteResultAsync<T>(T result, JsonTypeInfo<T> type, CancellationToken ct) => _files.WriteResultAsync(result, type, ct);

    public Task<string> WritePromptAsync(string name, string text, CancellationToken ct) => _files.WritePromptAsync(name, text, ct);

    public TextWriter OpenLog(string stage)
    {
        lock (_stages)
        {
            if (!_stages.TryGetValue(stage, out var pending))
            {
                _stages[stage] = pending = new Pending();
            }

            _loop ??= Task.Run(LoopAsync);   // the first log opened starts the copying

            return new Tee(_files.OpenLog(stage), text => Capture(stage, pending, text));
        }
    }

    private void Capture(string stage, Pending pending, ReadOnlySpan<char> text)
    {
        lock (pending)
        {
            if (pending.Capped || pending.Failed)
            {
                return;
            }

            var room = MaxChars - pending.Kept;
            var take = (int)Math.Min(room, text.Length);
            pending.Text.Append(text[..take]);
            pending.Kept += take;
            if (take < text.Length)
            {
                pending.Capped = true;
                pending.Text.Append(
                    $"\n[baton: the stored copy of this log ends at {MaxChars / 1024} K characters; the whole log is {Path.Combine(Directory, "logs", stage)}.log on node {node}]\n");
            }
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(Interval, _stop.Token);
                await StoreAsync();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The run's files are closing; DisposeAsync stores the rest.
        }
    }

    /// <summary>Stores what each stage wrote since the last call, one piece per stage.</summary>
    private async Task StoreAsync()
    {
        await _storing.WaitAsync();
        try
        {
            List<(string Stage, Pending Pending)> stages;
            lock (_stages)
            {
                stages = [.. _stages.Select(p => (p.Key, p.Value))];
            }

            foreach (var (stage, pending) in stages)
            {
                string text;
                lock (pending)
                {
                    if (pending.Text.Length == 0 || pending.Failed)
                    {
                        continue;
                    }

                    text = pending.Text.ToString();
                    pending.Text.Clear();
                }

                try
                {
                    await store.AppendStageLogAsync(runId, stage, text, fence, CancellationToken.None);
                }
                catch (StoreException ex)
                {
                    lock (pending)
                    {
                        pending.Failed = true;   // a gap would make the copy lie; it stops here (the file is whole)
                    }

                    if (ex.Category != StoreErrorCategory.Fenced)
                    {
                        Logging.EngineLog.StageLogCopyFailed(log, runId, stage, ex);
                    }
                }
            }
        }
        finally
        {
            _storing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task? loop;
        lock (_stages)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop;
        }

        try
        {
            await _files.DisposeAsync();   // flushes the stage writers first, so the last lines are captured too
        }
        finally
        {
            await StoreAsync();
            _stop.Dispose();
            _storing.Dispose();
        }
    }

    /// <summary>Writes through to the stage's file writer and hands every piece of text to the store's copy.</summary>
    private sealed class Tee(TextWriter inner, Tee.Sink sink) : TextWriter
    {
        public delegate void Sink(ReadOnlySpan<char> text);

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            inner.Write(value);
            sink([value]);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            inner.Write(buffer, index, count);
            sink(buffer.AsSpan(index, count));
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            inner.Write(buffer);
            sink(buffer);
        }

        public override void Write(string? value)
        {
            inner.Write(value);
            sink(value);
        }

        public override void WriteLine(string? value)
        {
            inner.WriteLine(value);
            sink(value);
            sink(CoreNewLine);
        }

        public override void Flush() => inner.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
