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
}
