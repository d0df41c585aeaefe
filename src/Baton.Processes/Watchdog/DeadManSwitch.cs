using System.Diagnostics;
using Baton.Core.Processes;

namespace Baton.Processes.Watchdog;

/// <summary>
/// Ends a dead Baton's children (docs/decisions/0011-dead-man-switch.md). The first child a Baton process starts also
/// starts one watchdog: a <c>/bin/sh</c> in a session of its own whose stdin is a pipe only this process holds open.
/// Every child's group is announced on it (<c>+pgid</c> / <c>-pgid</c>) and every child carries
/// <see cref="Variable"/>=<see cref="Cookie"/> in its environment. However Baton ends — SIGKILL and the OOM killer
/// included — the kernel closes the pipe; the watchdog reads end-of-file and ends the announced groups and every
/// process that still carries the cookie (grandchildren that left the group keep their inherited environment).
/// </summary>
internal sealed class DeadManSwitch : IDisposable
{
    /// <summary>The environment variable that marks a process as started for this Baton.</summary>
    public const string Variable = "BATON_WATCH";

    private static readonly Lazy<DeadManSwitch> SharedSwitch = new(() => new DeadManSwitch());

    private readonly Lock _gate = new();
    private Process? _watchdog;
    private StreamWriter? _pipe;

    internal DeadManSwitch()
    {
        // Unique, not secret: Random.Shared, not RandomNumberGenerator (which would load OpenSSL in every Baton process).
        Cookie = $"{Environment.ProcessId}-{Random.Shared.NextInt64():x16}";
    }

    /// <summary>The one switch of this process.</summary>
    public static DeadManSwitch Shared => SharedSwitch.Value;

    /// <summary>The value of <see cref="Variable"/> every child of this process carries.</summary>
    public string Cookie { get; }

    /// <summary>The watchdog's pid once armed (tests and <c>baton doctor</c>).</summary>
    public int? WatchdogPid => _watchdog?.Id;

    /// <summary>Starts the watchdog if it is not running yet; idempotent and cheap once armed.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            if (_watchdog is { HasExited: false })
            {
                return;
            }

            _watchdog?.Dispose();
            _pipe?.Dispose();
            _watchdog = StartWatchdog(Cookie);
            _pipe = _watchdog.StandardInput;
            _pipe.AutoFlush = true;
        }
    }

    /// <summary>Tells the watchdog that <paramref name="group"/> belongs to this Baton until <see cref="Release"/>.</summary>
    public void Watch(ProcessGroup group) => Send('+', group);

    /// <summary>The group has ended: the watchdog forgets it, so a reused pgid is never signalled.</summary>
    public void Release(ProcessGroup group) => Send('-', group);

    private void Send(char sign, ProcessGroup group)
    {
        if (group.Pgid <= 1)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _pipe?.Write($"{sign}{group.Pgid}\n");
            }
            catch (IOException)
            {
                // The watchdog died (someone killed it): start another and tell it again what is live.
                _watchdog = null;
                Arm();
                _pipe?.Write($"{sign}{group.Pgid}\n");
            }
        }
    }

    /// <summary>Closes the pipe: the watchdog ends whatever is still announced, then exits.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _pipe?.Dispose();
            _watchdog?.Dispose();
            _pipe = null;
            _watchdog = null;
        }
    }

    private static Process StartWatchdog(string cookie)
    {
        var setsid = StartInfoFactory.Setsid ?? throw new ProcessStartException(
            "setsid", "Baton needs `setsid` (util-linux) on PATH to watch its children. Install util-linux.");
        var info = new ProcessStartInfo(setsid)
        {
            WorkingDirectory = "/",
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["--", "/bin/sh", "-c", WatchdogScript.Text, "baton-watchdog", cookie, Variable])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        return Process.Start(info) ?? throw new ProcessStartException("setsid", "Cannot start Baton's watchdog.");
    }
}
