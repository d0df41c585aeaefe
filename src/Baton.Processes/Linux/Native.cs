using System.Runtime.InteropServices;

namespace Baton.Processes.Linux;

/// <summary>The few libc calls .NET does not expose: signalling a whole process group, asking for a pgid, dup2.</summary>
internal static partial class Native
{
    internal const int SigKill = 9;
    internal const int SigTerm = 15;
    internal const int Esrch = 3;
    internal const int Eperm = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    private static partial int GetPgid(int pid);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    internal static partial int Dup2(int from, int to);

    /// <summary>Sends <paramref name="signal"/> to every process in the group; false when the group has no process.</summary>
    internal static bool SignalGroup(int pgid, int signal) => pgid > 1 && Kill(-pgid, signal) == 0;

    internal static bool SignalProcess(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>True while any process, zombies included, is still in the group.</summary>
    internal static bool GroupExists(int pgid) =>
        pgid > 1 && (Kill(-pgid, 0) == 0 || Marshal.GetLastPInvokeError() == Eperm);

    /// <summary>The process group of <paramref name="pid"/>, or null when there is no such process.</summary>
    internal static int? ProcessGroupOf(int pid)
    {
        var pgid = GetPgid(pid);
        return pgid < 0 ? null : pgid;
    }
}
