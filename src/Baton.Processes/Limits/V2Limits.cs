using System.Globalization;
using Baton.Core.Processes;

namespace Baton.Processes.Limits;

/// <summary>
/// A run's group in cgroup v2 (one directory, the controllers enabled in its parent). Written to the documented
/// interface (<c>memory.max</c>, <c>memory.swap.max</c>, <c>cpu.max</c>, <c>pids.max</c>, <c>memory.events</c>,
/// <c>pids.events</c>); this machine mounts v1, so it is not exercised by the tests here.
/// </summary>
internal sealed class V2Limits(string dir, ResourceLimits limits) : IRunLimits
{
    private long _oomKills;
    private long _forksRefused;

    public string Description => $"cgroup v2 {dir}";

    public static V2Limits? Create(string parent, string name, ResourceLimits limits, out string? why)
    {
        var dir = Path.Combine(parent, name);
        try
        {
            Directory.CreateDirectory(dir);
            if (limits.MemoryMb is { } mb)
            {
                var bytes = ((long)mb * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
                Cgroups.Write(dir, "memory.max", bytes);
                Cgroups.Write(dir, "memory.swap.max", "0");
            }

            if (limits.Cpu is { } cpu)
            {
                Cgroups.Write(dir, "cpu.max", $"{(long)(cpu * 100_000)} 100000");
            }

            if (limits.Processes is { } processes)
            {
                Cgroups.Write(dir, "pids.max", processes.ToString(CultureInfo.InvariantCulture));
            }

            why = null;
            return new V2Limits(dir, limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cannot make a cgroup v2 group under {parent} (its controllers must be delegated to Baton's user): {e.Message}";
            Cgroups.Remove(dir);
            return null;
        }
    }

    public void Add(int pid) => Cgroups.Write(dir, "cgroup.procs", pid.ToString(CultureInfo.InvariantCulture));

    public LimitBreach? Breach()
    {
        var kills = Cgroups.Counter(dir, "memory.events", "oom_kill");
        if (kills > _oomKills)
        {
            _oomKills = kills;
            return new LimitBreach("memory_mb", $"the run's processes went over policy.limits.memory_mb ({limits.MemoryMb} MB): the kernel ended {kills} of them");
        }

        var refused = Cgroups.Counter(dir, "pids.events", "max");
        if (refused > _forksRefused)
        {
            _forksRefused = refused;
            return new LimitBreach("processes", $"the run's processes reached policy.limits.processes ({limits.Processes}): {refused} new processes were refused");
        }

        return null;
    }

    public void Dispose() => Cgroups.Remove(dir);
}
