using System.Diagnostics;
using Baton.Core.Processes;
using Baton.Processes.Linux;

namespace Baton.Processes.Stopping;

/// <summary>
/// Ends everything a child started: SIGTERM to its process group and to descendants that left the group, a grace
/// period for them to exit, then SIGKILL. Used both to stop a running child and to clear what a leader left behind
/// when it exited on its own.
/// </summary>
internal sealed class GroupTerminator(TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(5);

    /// <summary>Ends the group; returns once the leader has exited and no live member is left (or after a bounded wait).</summary>
    public async Task EndAsync(Process leader, ProcessGroup group, TimeSpan grace)
    {
        var leaderRunning = !leader.HasExited;
        if (!leaderRunning && !Native.GroupExists(group.Pgid))
        {
            return; // The common case: the child exited and took nothing with it.
        }

        // Descendants that called setsid/setpgid are out of the group's reach; remember them while the tree is intact.
        var strays = leaderRunning
            ? ProcFs.Descendants(group.Pgid).Where(p => p.ProcessGroup != group.Pgid).ToList()
            : [];

        Signal(group, strays, Native.SigTerm);
        await WaitUntilAsync(() => AllGone(group, strays), grace);
        Signal(group, strays, Native.SigKill);
        try
        {
            // Backup for a leader that had not yet become a group leader (killed between fork and setsid()), and
            // for its children. Only while .NET still holds it unreaped, so a reused pid is never touched.
            if (!leader.HasExited)
            {
                leader.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        await WaitUntilAsync(() => leader.HasExited && ProcFs.GroupIsGone(group.Pgid), AfterKill);
    }

    private static void Signal(ProcessGroup group, List<ProcStat> strays, int signal)
    {
        Native.SignalGroup(group.Pgid, signal);
        foreach (var stray in strays.Where(s => ProcFs.IsSameLiveProcess(s.Pid, s.StartTicks)))
        {
            Native.SignalProcess(stray.Pid, signal);
        }
    }

    private static bool AllGone(ProcessGroup group, List<ProcStat> strays) =>
        ProcFs.GroupIsGone(group.Pgid) && !strays.Any(s => ProcFs.IsSameLiveProcess(s.Pid, s.StartTicks));

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = time.GetTimestamp() + (long)(limit.TotalSeconds * time.TimestampFrequency);
        while (!condition() && time.GetTimestamp() < deadline)
        {
            await Task.Delay(Poll, time);
        }
    }
}
