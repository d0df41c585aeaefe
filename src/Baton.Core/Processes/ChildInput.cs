namespace Baton.Core.Processes;

/// <summary>
/// The stdin of a child that speaks a protocol over it (Claude's stream-json control, <c>codex app-server</c>). Lines
/// written before the child runs wait until it does; <see cref="Close"/> ends its input (EOF). Thread-safe: replies to
/// the child's requests come from several tasks.
/// </summary>
public sealed class ChildInput
{
    private readonly Lock _gate = new();
    private readonly List<string> _pending = [];
    private TextWriter? _writer;
    private bool _closed;

    /// <summary>Writes one line (a newline is added); false when the input is closed or the child is gone.</summary>
    public bool WriteLine(string line)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (_writer is null)
            {
                _pending.Add(line);
                return true;
            }

            return Write(_writer, line);
        }
    }

    /// <summary>Ends the child's input; later writes are dropped.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            CloseWriter();
        }
    }

    /// <summary>Called by the process runner once the child runs: its stdin, open.</summary>
    public void Attach(TextWriter writer)
    {
        lock (_gate)
        {
            _writer = writer;
            foreach (var line in _pending)
            {
                if (!Write(writer, line))
                {
                    break;
                }
            }

            _pending.Clear();
            if (_closed)
            {
                CloseWriter();
            }
        }
    }

    private bool Write(TextWriter writer, string line)
    {
        try
        {
            writer.Write(line);
            writer.Write('\n');
            writer.Flush();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child closed its end or exited: nothing more reaches it.
            _closed = true;
            return false;
        }
    }

    private void CloseWriter()
    {
        try
        {
            _writer?.Close();
        }
        catch (IOException)
        {
            // The child is gone already.
        }

        _writer = null;
    }
}
