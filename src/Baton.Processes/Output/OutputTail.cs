using Baton.Core.Processes;

namespace Baton.Processes.Output;

/// <summary>
/// Serialises line delivery from both streams: the caller's callback sees one line at a time, and the tail keeps the
/// last lines in the same interleaved order. A failing callback is remembered and not called again, so the pipes
/// keep draining and the child never blocks on a full pipe.
/// </summary>
internal sealed class OutputTail(int capacity, Action<OutputLine>? onLine)
{
    /// <summary>Lines kept for the tail are cut here; the callback still gets them whole.</summary>
    internal const int MaxTailLineChars = 8 * 1024;

    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private Exception? _callbackFailure;

    public Exception? CallbackFailure
    {
        get
        {
            lock (_gate)
            {
                return _callbackFailure;
            }
        }
    }

    public void Add(OutputLine line)
    {
        lock (_gate)
        {
            if (capacity > 0)
            {
                if (_lines.Count == capacity)
                {
                    _lines.Dequeue();
                }

                _lines.Enqueue(line.Text.Length <= MaxTailLineChars
                    ? line.Text
                    : $"{line.Text[..MaxTailLineChars]}… [{line.Text.Length - MaxTailLineChars} more characters]");
            }

            if (onLine is null || _callbackFailure is not null)
            {
                return;
            }

            try
            {
                onLine(line);
            }
            catch (Exception e)
            {
                _callbackFailure = e;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines);
        }
    }
}
