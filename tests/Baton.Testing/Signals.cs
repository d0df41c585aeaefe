using System.Diagnostics;
using System.Globalization;

namespace Baton.Testing;

/// <summary>Sends a real signal to a process (through kill(1)), for tests that stop, continue or terminate one.</summary>
public static class Signals
{
    public const string Stop = "STOP";
    public const string Cont = "CONT";
    public const string Term = "TERM";
    public const string Kill = "KILL";

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; a process already gone is not an error.</summary>
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
        })!;
        kill.WaitForExit();
    }

    /// <summary>
    /// Ends test processes the way an operator would: each (continued, if it was stopped) gets SIGTERM, then each gets
    /// 30 s to exit before it and its children are killed; every process is disposed.
    /// </summary>
    public static async Task TerminateAllAsync(IEnumerable<Process> processes)
    {
        var all = processes.ToList();
        foreach (var process in all.Where(p => !p.HasExited))
        {
            Send(process.Id, Cont);
            Send(process.Id, Term);
        }

        foreach (var process in all)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
