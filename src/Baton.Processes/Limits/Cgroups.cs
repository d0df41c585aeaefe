using System.Globalization;
using Baton.Core.Processes;

namespace Baton.Processes.Limits;

/// <summary>
/// Finds where this process may make control groups: cgroup v2 (the unified hierarchy, under this process's own group)
/// or v1 (a hierarchy per controller: <c>memory</c>, <c>pids</c>, <c>cpu</c>, each under this process's own group
/// there). A directory is usable when Baton can make a group in it: the probe makes one and removes it.
/// </summary>
public static class Cgroups
{
    public const string Root = "/sys/fs/cgroup";

    /// <summary>The run's group with the limits, or null and why.</summary>
    public static IRunLimits? Create(string runId, ResourceLimits limits, out string? why)
    {
        var name = $"baton-{Environment.ProcessId}-{runId}";
        try
        {
            if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
            {
                return V2Limits.Create(OwnPath(null) is { } own ? Path.Combine(Root, own.TrimStart('/')) : Root, name, limits, out why);
            }

            var dirs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var controller in Needed(limits))
            {
                var mount = Path.Combine(Root, controller);
                if (!File.Exists(Path.Combine(mount, "cgroup.procs")))
                {
                    why = $"cgroup v1 has no `{controller}` hierarchy mounted at {mount}";
                    return null;
                }

                dirs[controller] = Path.Combine(mount, (OwnPath(controller) ?? "/").TrimStart('/'));
            }

            return V1Limits.Create(dirs, name, limits, out why);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cannot make a control group here: {e.Message}";
            return null;
        }
    }

    /// <summary>What <c>baton doctor</c> says: which limits would be enforced here, and how.</summary>
    public static string Describe(ResourceLimits wanted, out bool enforced)
    {
        var probe = wanted.Any ? wanted : new ResourceLimits(4096, 1, 512);
        using var limits = Create("doctor-probe", probe, out var why);
        enforced = limits is not null;
        return limits is not null
            ? $"{limits.Description}: memory_mb, cpu and processes are enforced on each run's whole process tree"
            : $"no control group can be made ({why}): policy.limits.memory_mb, cpu and processes are NOT enforced; run_timeout and the process-group kill still are";
    }

    private static IEnumerable<string> Needed(ResourceLimits limits)
    {
        if (limits.MemoryMb is not null)
        {
            yield return "memory";
        }

        if (limits.Cpu is not null)
        {
            yield return "cpu";
        }

        if (limits.Processes is not null)
        {
            yield return "pids";
        }
    }

    /// <summary>This process's group in a v1 controller's hierarchy (or v2's, for null), from /proc/self/cgroup.</summary>
    private static string? OwnPath(string? controller)
    {
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && (controller is null ? parts[0] == "0" && parts[1].Length == 0 : parts[1].Split(',').Contains(controller)))
            {
                return parts[2];
            }
        }

        return null;
    }

    internal static void Write(string dir, string file, string value) => File.WriteAllText(Path.Combine(dir, file), value);

    internal static string Read(string dir, string file) => File.ReadAllText(Path.Combine(dir, file));

    /// <summary>The number after <paramref name="key"/> in a flat keyed file (<c>oom_kill 1</c>, <c>max 3</c>), or 0.</summary>
    internal static long Counter(string dir, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(dir, file)))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    return n;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The group is being removed.
        }

        return 0;
    }

    /// <summary>Removes a group once its processes are gone (the kernel refuses while any remain: retried briefly).</summary>
    internal static void Remove(string dir)
    {
        for (var attempt = 0; attempt < 20 && Directory.Exists(dir); attempt++)
        {
            try
            {
                Directory.Delete(dir);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(25);
            }
        }
    }
}
