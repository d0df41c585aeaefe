using System.Globalization;

namespace Baton.Processes.Linux;

/// <summary>The fields Baton needs from <c>/proc/&lt;pid&gt;/stat</c> (see proc(5)).</summary>
internal readonly record struct ProcStat(int Pid, char State, int ParentPid, int ProcessGroup, long StartTicks)
{
    /// <summary>Zombies (Z) and dead (X) entries hold no resources and cannot be signalled away.</summary>
    public bool IsLive => State is not ('Z' or 'X' or 'x');

    public static ProcStat? Read(int pid) => Read(pid.ToString(CultureInfo.InvariantCulture));

    public static ProcStat? Read(string pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Parses a stat line. The command name (field 2) is in parentheses and may itself contain spaces and
    /// parentheses, so the fixed fields are counted from the last ')'.
    /// </summary>
    public static ProcStat? Parse(string line)
    {
        var close = line.LastIndexOf(')');
        var open = line.IndexOf(' ', StringComparison.Ordinal);
        if (close < 0 || open < 0)
        {
            return null;
        }

        // After ')': field 3 (state) is at index 0, so field N is at index N - 3.
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || fields[0].Length != 1
            || !int.TryParse(line.AsSpan(0, open), CultureInfo.InvariantCulture, out var pid)
            || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out var ppid)
            || !int.TryParse(fields[2], CultureInfo.InvariantCulture, out var pgrp)
            || !long.TryParse(fields[19], CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new ProcStat(pid, fields[0][0], ppid, pgrp, start);
    }
}
