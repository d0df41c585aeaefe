using System.Text;
using Baton.Core.Store;

namespace Baton.Files;

/// <summary>
/// A stage log writer whose I/O failures surface as <see cref="StoreException"/>s naming the log file, and which keeps
/// at most <c>capChars</c> characters (counting what the file held when opened): an agent printing without end cannot
/// fill the disk.
/// </summary>
internal sealed class GuardedLogWriter(StreamWriter inner, string path, long capChars) : TextWriter
{
    private long _written = inner.BaseStream.CanSeek ? inner.BaseStream.Length : 0;
    private bool _capped = inner.BaseStream.CanSeek && inner.BaseStream.Length >= capChars;

    public bool IsDisposed { get; private set; }

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Guard(1, () => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(count, () => inner.Write(buffer, index, count));

    public override void Write(string? value) => Guard(value?.Length ?? 0, () => inner.Write(value));

    public override void WriteLine(string? value) => Guard((value?.Length ?? 0) + 1, () => inner.WriteLine(value));

    public override void WriteLine() => Guard(1, inner.WriteLine);

    public override void Flush() => Guard(inner.Flush);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !IsDisposed)
        {
            IsDisposed = true;
            Guard(inner.Dispose);
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Writes unless the log has reached its cap; the first write past it leaves one line saying so (the cap is
    /// recorded where the output stops), and the rest of the stage's output is kept only in its events and tail.
    /// </summary>
    private void Guard(int chars, Action write)
    {
        if (_capped)
        {
            return;
        }

        if (_written + chars > capChars)
        {
            _capped = true;
            Guard(() => inner.WriteLine($"[baton] this stage log is capped at {capChars / (1024 * 1024)} MB; later output is not kept in this file (its events are in events.ndjson)"));
            return;
        }

        _written += chars;
        Guard(write);
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (FileErrors.FromIo(ex, path) is { } mapped)
        {
            throw mapped;
        }
    }
}
