using System.Text;
using Baton.Core.Store;

namespace Baton.Files;

/// <summary>A stage log writer whose I/O failures surface as <see cref="StoreException"/>s naming the log file.</summary>
internal sealed class GuardedLogWriter(StreamWriter inner, string path) : TextWriter
{
    public bool IsDisposed { get; private set; }

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void WriteLine() => Guard(inner.WriteLine);

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
