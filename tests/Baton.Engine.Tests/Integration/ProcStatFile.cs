using System.Globalization;

namespace Baton.Engine.Tests.Integration;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> these tests need (proc(5)), read the way Baton reads them.</summary>
internal sealed record ProcStatFile(string Command, int ProcessGroup, long StartTicks)
{
    public static ProcStatFile? Read(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command (field 2) may hold spaces and parentheses, so fields are counted from the last ')'.
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        var fields = line[(close + 2)..].Split(' ');
        return new ProcStatFile(
            line[(open + 1)..close],
            int.Parse(fields[5 - 3], CultureInfo.InvariantCulture),
            long.Parse(fields[22 - 3], CultureInfo.InvariantCulture));
    }
}
