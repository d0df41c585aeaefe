using System.Globalization;
using Baton.Core.Processes;

namespace Baton.Processes.Limits;

/// <summary>A run's groups in cgroup v1: one per controller (<c>memory</c>, <c>cpu</c>, <c>pids</c>), each pid added to all.</summary>
internal sealed class V1Limits : IRunLimits
{
    private readonly Dictionary<string, string> _groups;
    private readonly ResourceLimits _limits;
    private long _oomKills;
    private long _forksRefused;

    private V1Limits(Dictionary<string, string> groups, ResourceLimits limits)
    {
        _groups = groups;
        _limits = limits;
    }

    public string Description => "cgroup v1 " + string.Join(", ", _groups.Keys.Select(k => k == "pids" ? "pids" : k));

    public static V1Limits? Create(Dictionary<string, string> parents, string name, ResourceLimits limits, out string? why)
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        var made = new V1Limits(groups, limits);
        try
        {
            foreach (var (controller, parent) in parents)
            {
                var dir = Path.Combine(parent, name);
                Directory.CreateDirectory(dir);
                groups[controller] = dir;
                switch (controller)
                {
                    case "memory":
                        var bytes = (long)limits.MemoryMb!.Value * 1024 * 1024;
                        Cgroups.Write(dir, "memory.limit_in_bytes", bytes.ToString(CultureInfo.InvariantCulture));
                        TryWrite(dir, "memory.memsw.limit_in_bytes", bytes.ToString(CultureInfo.InvariantCulture));
                        break;
                    case "cpu":
                        const int Period = 100_000;
                        Cgroups.Write(dir, "cpu.cfs_period_us", Period.ToString(CultureInfo.InvariantCulture));
                        Cgroups.Write(dir, "cpu.cfs_quota_us", ((long)(limits.Cpu!.Value * Period)).ToString(CultureInfo.InvariantCulture));
                        break;
                    case "pids":
                        Cgroups.Write(dir, "pids.max", limits.Processes!.Value.ToString(CultureInfo.InvariantCulture));
                        break;
                }
            }

            why = null;
            return made;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cannot make a cgroup v1 group under {string.Join(", ", parents.Values)}: {e.Message}";
            made.Dispose();
            return null;
        }
    }

    public void Add(int pid)
    {
        foreach (var dir in _groups.Values)
        {
            Cgroups.Write(dir, "cgroup.procs", pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    public LimitBreach? Breach()
    {
        if (_groups.TryGetValue("memory", out var memory))
        {
            var kills = Cgroups.Counter(memory, "memory.oom_control", "oom_kill");
            if (kills > _oomKills)
            {
                _oomKills = kills;
                return new LimitBreach("memory_mb", $"the run's processes went over policy.limits.memory_mb ({_limits.MemoryMb} MB): the kernel ended {kills} of them");
            }
        }

        if (_groups.TryGetValue("pids", out var pids))
        {
            var refused = Cgroups.Counter(pids, "pids.events", "max");
            if (refused > _forksRefused)
            {
                _forksRefused = refused;
                return new LimitBreach("processes", $"the run's processes reached policy.limits.processes ({_limits.Processes}): {refused} new processes were refused");
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var dir in _groups.Values)
        {
            Cgroups.Remove(dir);
        }
    }

    private static void TryWrite(string dir, string file, string value)
    {
        try
        {
            Cgroups.Write(dir, file, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Swap accounting is off: the memory limit alone applies.
        }
    }
}
