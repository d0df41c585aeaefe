using System.Buffers;
using System.Text;
using Baton.Core.Processes;

namespace Baton.Processes.Output;

/// <summary>
/// Reads one stream to its end and hands out complete lines. Lines of any length arrive whole up to
/// <see cref="MaxLineChars"/>; a longer run without a newline is handed out in pieces of that size rather than
/// growing without bound.
/// </summary>
internal static class LinePump
{
    internal const int MaxLineChars = 64 * 1024 * 1024;
    // The reader underneath hands out at most its own buffer (4 KB for a child's pipes) per read, so a larger one here
    // only held memory: 2 × 128 KB per live process, which a thousand live runs felt.
    private const int BufferChars = 4 * 1024;

    public static async Task RunAsync(TextReader reader, bool isError, OutputTail sink, CancellationToken ct)
    {
        var buffer = ArrayPool<char>.Shared.Rent(BufferChars);
        var pending = new StringBuilder();
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(0, BufferChars), ct)) > 0)
            {
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, '\n', start, read - start)) >= 0)
                {
                    pending.Append(buffer, start, newline - start);
                    Emit(pending, isError, sink);
                    start = newline + 1;
                }

                pending.Append(buffer, start, read - start);
                if (pending.Length >= MaxLineChars)
                {
                    Emit(pending, isError, sink);
                }
            }

            if (pending.Length > 0)
            {
                Emit(pending, isError, sink);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void Emit(StringBuilder pending, bool isError, OutputTail sink)
    {
        var length = pending.Length > 0 && pending[^1] == '\r' ? pending.Length - 1 : pending.Length;
        sink.Add(new OutputLine(isError, pending.ToString(0, length)));
        pending.Clear();
    }
}
