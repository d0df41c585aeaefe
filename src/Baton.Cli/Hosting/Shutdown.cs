using System.Runtime.InteropServices;

namespace Baton.Cli.Hosting;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP (the terminal closed) cancel one token instead of killing the process, so runs in flight
/// are recorded as interrupted (resumable) and their process trees are ended. A second Ctrl-C exits at once. After a
/// hang-up the output goes to /dev/null and the exit code is 129 (128 + SIGHUP) instead of 130.
/// </summary>
public static class Shutdown
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static CancellationToken Token => Source.Token;

    public static bool Requested => Source.IsCancellationRequested;

    /// <summary>The exit code of an interrupted verb: 129 after a hang-up, else 130.</summary>
    public static int InterruptedExitCode { get; private set; } = ExitCodes.Interrupted;

    /// <summary>Set by verbs that execute runs, so the stop message speaks of runs only when there can be one.</summary>
    public static bool RunsMayBeInFlight { get; set; }

    public static void Install()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            Registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    private static void OnSignal(PosixSignalContext context)
    {
        if (Source.IsCancellationRequested && context.Signal == PosixSignal.SIGINT)
        {
            return; // second Ctrl-C: let the runtime end the process
        }

        context.Cancel = true;
        if (context.Signal == PosixSignal.SIGHUP)
        {
            InterruptedExitCode = ExitCodes.HungUp;
            Processes.TerminalGuard.SilenceOutput();
        }

        Console.Error.WriteLine();
        Console.Error.WriteLine(RunsMayBeInFlight
            ? "baton: stopping — a run in flight is kept as interrupted (`baton resume RUN` continues it)"
            : "baton: stopping");
        Source.Cancel();
    }
}
