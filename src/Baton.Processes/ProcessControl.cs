using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Processes;
using Baton.Processes.Linux;

namespace Baton.Processes;

/// <summary>
/// Looks after processes Baton no longer holds a handle on, e.g. after a crash. A pid alone is not an identity
/// (pids are reused), so every decision compares the start time from <c>/proc/&lt;pid&gt;/stat</c> as well.
/// </summary>
public sealed class ProcessControl : IProcessControl
{
    public RunOwner CurrentOwner { get; } = new(
        Environment.MachineName,
        Environment.ProcessId,
        ProcStat.Read(Environment.ProcessId)?.StartTicks ?? 0);

    public bool IsAlive(RunOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            && ProcFs.IsSameLiveProcess(owner.Pid, owner.StartTicks);
    }

    /// <summary>
    /// Kills the group when its leader is still the recorded process, or when the leader is gone but members of the
    /// group live on (a pid cannot be handed out again while a group of that id has members, so they are ours).
    /// A leader pid now held by a different process means the group is long gone: nothing is signalled.
    /// </summary>
    public bool KillGroup(ProcessGroup group)
    {
        if (group.Pgid <= 1)
        {
            return false;
        }

        var leader = ProcStat.Read(group.Pgid);
        var ours = leader is { } stat
            ? stat.StartTicks == group.StartTicks
            : ProcFs.LiveMembers(group.Pgid).Count > 0;
        return ours && Native.SignalGroup(group.Pgid, Native.SigKill);
    }

    public IReadOnlyList<int> LiveMembers(int pgid) => pgid <= 1 ? [] : ProcFs.LiveMembers(pgid);

    public IRunLimits? CreateLimits(string runId, ResourceLimits limits, out string? why) => Limits.Cgroups.Create(runId, limits, out why);
}
