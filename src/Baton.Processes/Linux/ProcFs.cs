namespace Baton.Processes.Linux;

/// <summary>Scans of <c>/proc</c>: who is in a process group, who descends from whom, who holds a pipe.</summary>
internal static class ProcFs
{
    public static IEnumerable<ProcStat> AllProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && ProcStat.Read(name) is { } stat)
            {
                yield return stat;
            }
        }
    }

    public static List<int> LiveMembers(int pgid) =>
        [.. AllProcesses().Where(p => p.ProcessGroup == pgid && p.IsLive).Select(p => p.Pid)];

    /// <summary>True when no live process is left in the group (zombies waiting to be reaped do not count).</summary>
    public static bool GroupIsGone(int pgid) => !Native.GroupExists(pgid) || LiveMembers(pgid).Count == 0;

    /// <summary>All live descendants of <paramref name="pid"/>, whatever group or session they moved to.</summary>
    public static List<ProcStat> Descendants(int pid)
    {
        var byParent = AllProcesses().Where(p => p.IsLive).ToLookup(p => p.ParentPid);
        var result = new List<ProcStat>();
        var pending = new Stack<int>([pid]);
        while (pending.Count > 0)
        {
            foreach (var child in byParent[pending.Pop()])
            {
                result.Add(child);
                pending.Push(child.Pid);
            }
        }

        return result;
    }

    /// <summary>True when the process with that pid is still the one that started at <paramref name="startTicks"/>.</summary>
    public static bool IsSameLiveProcess(int pid, long startTicks) =>
        ProcStat.Read(pid) is { } stat && stat.StartTicks == startTicks && stat.IsLive;

    /// <summary>
    /// Pids of other processes with an open descriptor on one of these pipes (<c>pipe:[inode]</c> link targets).
    /// Processes Baton may not inspect are skipped.
    /// </summary>
    public static List<int> PipeHolders(IReadOnlyCollection<string> pipeLinks)
    {
        var holders = new List<int>();
        if (pipeLinks.Count == 0)
        {
            return holders;
        }

        foreach (var process in AllProcesses())
        {
            if (process.Pid != Environment.ProcessId && process.IsLive && HoldsAny(process.Pid, pipeLinks))
            {
                holders.Add(process.Pid);
            }
        }

        return holders;
    }

    /// <summary>The link target of one of this process's descriptors, e.g. <c>pipe:[1234]</c>.</summary>
    public static string? DescriptorTarget(nint fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool HoldsAny(int pid, IReadOnlyCollection<string> pipeLinks)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && pipeLinks.Contains(target))
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }
}
