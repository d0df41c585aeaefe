using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Baton.Bench.Infra;

/// <summary>
/// Runs one short command for what a sampler cannot see in a process that lives 20 ms.
/// <see cref="RunAsync"/>: its wall time, spawned with <c>posix_spawn</c> and reaped with <c>wait4</c> (no shell in
/// between: cwd and redirections are the spawn's own file actions; .NET reaps only the children it started itself, so
/// this pid is ours to wait for). <see cref="PeakRssAsync"/>: its peak RSS (<c>ru_maxrss</c>, the kernel's high-water
/// mark, as GNU time reports it), taken in a separate run through a small python3 that forks it — not from the spawn
/// above: a vfork-style spawn starts the child in the parent's memory, and the kernel keeps that (the bench's own
/// 40+ MB) as the child's high-water mark across exec.
/// </summary>
internal static partial class MeasuredProcess
{
    public sealed record Result(int ExitCode, TimeSpan Wall, string Stdout, string Stderr);

    /// <summary>What the forking python3 itself holds (~10 MB): a figure at or below it is not the command's own.</summary>
    public const double RssFloorMb = 11;

    private const string ForkAndWait = """
        import os, sys
        cwd, out, err, *argv = sys.argv[1:]
        pid = os.fork()
        if pid == 0:
            try:
                os.chdir(cwd)
                for fd, path, flags in ((0, "/dev/null", os.O_RDONLY), (1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), (2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
                    os.dup2(os.open(path, flags, 0o644), fd)
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
        """;

    /// <summary>The command's peak RSS in MB (NaN when python3 is missing), and its exit code.</summary>
    public static async Task<(int ExitCode, double PeakRssMb)> PeakRssAsync(
        string cwd, string executable, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> extraEnv, string outputStem,
        TimeSpan timeout, CancellationToken ct)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await ChildProcess.RunAsync("python3", ["-c", ForkAndWait, cwd, outputStem + ".out", outputStem + ".err", executable, .. args],
                cwd, timeout, ct, extraEnv);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (0, double.NaN);
        }

        var parts = outcome.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return outcome.Succeeded && parts.Length == 2
            ? (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0)
            : throw new BenchException($"measuring the peak RSS of {executable} failed: {outcome.Stderr.Trim()}");
    }

    private const int ORdOnly = 0;
    private const int OWriteCreateTruncate = 0x1 | 0x40 | 0x200;
    private const int Eintr = 4;
    private const int SigKill = 9;

    public static async Task<Result> RunAsync(
        string cwd, string executable, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> extraEnv, string outputStem,
        TimeSpan timeout, CancellationToken ct)
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        foreach (var (key, value) in extraEnv)
        {
            env[key] = value;
        }

        var (stdout, stderr) = (outputStem + ".out", outputStem + ".err");
        var watch = Stopwatch.StartNew();
        var pid = Spawn(cwd, executable, [executable, .. args], env.Select(p => $"{p.Key}={p.Value}").ToList(), stdout, stderr);
        var reaped = Task.Factory.StartNew(() => Reap(pid, watch), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (await Task.WhenAny(reaped, Task.Delay(timeout, ct)) != reaped)
        {
            _ = Kill(pid, SigKill);
            await reaped;
            throw new BenchException($"{executable} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s; killed");
        }

        var (status, done) = await reaped;
        var exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
        return new Result(exit, done, // `done`: read the moment wait4 returned
            await File.ReadAllTextAsync(stdout, ct), await File.ReadAllTextAsync(stderr, ct));
    }

    private static unsafe (int Status, TimeSpan Done) Reap(int child, Stopwatch watch)
    {
        while (true)
        {
            RUsage usage;
            int status;
            if (Wait4(child, &status, 0, &usage) == child)
            {
                return (status, watch.Elapsed);
            }

            if (Marshal.GetLastPInvokeError() != Eintr)
            {
                throw new BenchException($"wait4({child}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    private static unsafe int Spawn(string cwd, string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp, string stdout, string stderr)
    {
        var actions = Marshal.AllocHGlobal(256); // posix_spawn_file_actions_t is 80 bytes in glibc
        var strings = new List<nint>();
        try
        {
            nint Utf8(string s)
            {
                var p = Marshal.StringToCoTaskMemUTF8(s);
                strings.Add(p);
                return p;
            }

            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(AddChdir(actions, Utf8(cwd)), "posix_spawn_file_actions_addchdir_np");
            Check(AddOpen(actions, 0, Utf8("/dev/null"), ORdOnly, 0), "addopen stdin");
            Check(AddOpen(actions, 1, Utf8(stdout), OWriteCreateTruncate, 420), "addopen stdout");
            Check(AddOpen(actions, 2, Utf8(stderr), OWriteCreateTruncate, 420), "addopen stderr");
            var args = argv.Select(Utf8).Append(0).ToArray();
            var vars = envp.Select(Utf8).Append(0).ToArray();
            int pid;
            fixed (nint* a = args, e = vars)
            {
                Check(PosixSpawnp(&pid, Utf8(path), actions, 0, a, e), $"posix_spawnp {path}");
            }

            _ = FileActionsDestroy(actions);
            return pid;
        }
        finally
        {
            Marshal.FreeHGlobal(actions);
            strings.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new BenchException($"{what} failed: error {error}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSec, UserUsec, SystemSec, SystemUsec;
        public long MaxRss;
        public long Ix, Id, Is, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(nint actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(nint actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    private static partial int AddChdir(nint actions, nint path);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static partial int AddOpen(nint actions, int fd, nint path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawnp")]
    private static unsafe partial int PosixSpawnp(int* pid, nint file, nint actions, nint attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "wait4", SetLastError = true)]
    private static unsafe partial int Wait4(int pid, int* status, int options, RUsage* usage);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
