using Baton.Core.Model;
using Baton.Core.Processes;

namespace Baton.Core.Ports;

/// <summary>What Baton needs to know and do about processes it no longer has a handle on (after a crash).</summary>
public interface IProcessControl
{
    /// <summary>This process, as a run owner.</summary>
    RunOwner CurrentOwner { get; }

    /// <summary>True when that owner's process still runs (same pid and same start time, on this host).</summary>
    bool IsAlive(RunOwner owner);

    /// <summary>Kills a process group if its leader is still the process that was recorded; returns whether anything was signalled.</summary>
    bool KillGroup(ProcessGroup group);

    /// <summary>Pids of live processes in the group (empty when none is left).</summary>
    IReadOnlyList<int> LiveMembers(int pgid);

    /// <summary>A control group for one run's processes with these limits, or null (with why) when none can be made here.</summary>
    IRunLimits? CreateLimits(string runId, ResourceLimits limits, out string? why) { why = "this platform has no control groups"; return null; }
}
