namespace Baton.Core.Processes;

/// <summary>Limits on a run's whole process tree (<c>policy.limits</c>); null: no limit of that kind.</summary>
public sealed record ResourceLimits(int? MemoryMb, double? Cpu, int? Processes)
{
    public bool Any => MemoryMb is not null || Cpu is not null || Processes is not null;
}

/// <summary>A limit a run went over, with what it was and what was seen.</summary>
public sealed record LimitBreach(string Limit, string Detail);

/// <summary>
/// The control group holding one run's processes: every process a run starts is placed in it before it may run, so its
/// whole tree counts against the limits. Disposing it removes the group (once its processes are gone).
/// </summary>
public interface IRunLimits : IDisposable
{
    /// <summary>Where the limits are enforced (for the log and <c>baton doctor</c>), e.g. <c>cgroup v1 /sys/fs/cgroup/memory/…</c>.</summary>
    string Description { get; }

    /// <summary>Puts a process (a child still held at its start gate) into the group.</summary>
    void Add(int pid);

    /// <summary>A limit the group went over since the last look: the memory killer acted, or a fork was refused.</summary>
    LimitBreach? Breach();
}
