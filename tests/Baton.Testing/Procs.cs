namespace Baton.Testing;

/// <summary>Looks at the real process table (/proc) to prove that no process was left behind.</summary>
public static class Procs
{
    /// <summary>Pids of live (non-zombie) processes whose command line contains <paramref name="token"/>.</summary>
    public static IReadOnlyList<int> WithCommandLine(string token)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(token, StringComparison.Ordinal) && !IsZombie(dir))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Pids of live (non-zombie) processes in process group <paramref name="pgid"/> (field 5 of /proc/PID/stat).</summary>
    public static IReadOnlyList<int> InGroup(int pgid)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] is not ("Z" or "X") && int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) == pgid)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>The session id of <paramref name="pid"/> (field 6 of /proc/PID/stat), or -1 when it is gone.</summary>
    public static int SessionOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie($"/proc/{pid}");

    private static bool IsZombie(string dir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is "Z" or "X";
        }
        catch (IOException)
        {
            return true;
        }
    }
}
