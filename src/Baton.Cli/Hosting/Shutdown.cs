using System.Runtime.InteropServices;

namespace Baton.Cli.Hosting;

/// <summary>
/// Ctrl-C and SIGTERM cancel one token instead of killing the process, so runs in flight are recorded as interrupted
/// (resumable) and their process trees are ended. A second Ctrl-C exits at once.
/// </summary>
public static class Shutdown
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static CancellationToken Token => Source.Token;

    public static bool Requested => Source.IsCancellationRequested;

    /// <summary>Set by verbs that execute runs, so the stop message speaks of runs only when there can be one.</summary>
    public static bool RunsMayBeInFlight { get; set; }

    public static void Install()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
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
        Console.Error.WriteLine();
        Console.Error.WriteLine(RunsMayBeInFlight
            ? "baton: stopping — a run in flight is kept as interrupted (`baton resume RUN` continues it)"
            : "baton: stopping");
        Source.Cancel();
    }
}
