using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Baton.Core.Processes;
using Baton.Processes.Watchdog;

namespace Baton.Processes;

/// <summary>
/// Turns a <see cref="ProcessSpec"/> into a start through <c>setsid</c>. A freshly forked child is not a group
/// leader, so <c>setsid</c> calls setsid() and execs the program in place: the pid .NET reports is the pid of the
/// program, of its new session and of its new process group. Between the two sits a gate: a <c>sh</c> that waits for
/// one line on stdin before it execs the program (with stdin closed). The caller records the group durably, then
/// opens the gate; a Baton killed before that closes the pipe, and the gate exits without running anything — so no
/// process of a run can exist that recovery does not know about.
/// </summary>
internal static class StartInfoFactory
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly Lazy<string?> SetsidPath = new(FindSetsid);

    /// <summary>The path of <c>setsid</c>, or null when it is not installed.</summary>
    public static string? Setsid => SetsidPath.Value;

    /// <summary>Exit code of a gate whose pipe closed before it was opened (Baton died before recording the group).</summary>
    public const int GateClosed = 125;

    /// <summary>The gate; <c>sh</c> exports a <c>PWD</c> of its own, removed unless the spec gives one.</summary>
    private const string Gate = "IFS= read -r _ || exit 125; exec \"$@\" </dev/null";

    private const string GateWithoutPwd = "IFS= read -r _ || exit 125; unset PWD; exec \"$@\" </dev/null";

    /// <summary>The gates for a child that reads a protocol on stdin: the same pipe stays its stdin (<c>read</c> takes only the gate's line).</summary>
    private const string GateKeepingStdin = "IFS= read -r _ || exit 125; exec \"$@\"";

    private const string GateKeepingStdinWithoutPwd = "IFS= read -r _ || exit 125; unset PWD; exec \"$@\"";

    public static ProcessStartInfo Create(ProcessSpec spec)
    {
        if (!Directory.Exists(spec.WorkingDirectory))
        {
            throw new ProcessStartException(
                spec.FileName,
                $"Cannot start '{spec.FileName}': its working directory {spec.WorkingDirectory} does not exist.");
        }

        var program = ExecutableResolver.Resolve(spec.FileName, spec.WorkingDirectory, spec.Environment);
        var setsid = SetsidPath.Value ?? throw new ProcessStartException(
            spec.FileName,
            $"Cannot start '{spec.FileName}': Baton needs `setsid` (util-linux) on PATH to give each child its own process group. Install util-linux.");

        var info = new ProcessStartInfo(spec.Helper ? program : setsid)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        if (!spec.Helper)
        {
            info.ArgumentList.Add("--");
            info.ArgumentList.Add("/bin/sh");
            info.ArgumentList.Add("-c");
            var pwd = spec.Environment.ContainsKey("PWD");
            info.ArgumentList.Add(spec.Input is null ? (pwd ? Gate : GateWithoutPwd) : (pwd ? GateKeepingStdin : GateKeepingStdinWithoutPwd));
            info.ArgumentList.Add("baton-gate");
            info.ArgumentList.Add(program);
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        if (!spec.Helper)
        {
            info.Environment[DeadManSwitch.Variable] = DeadManSwitch.Shared.Cookie;
        }

        return info;
    }

    public static Process Start(ProcessStartInfo info, ProcessSpec spec)
    {
        try
        {
            return Process.Start(info) ?? throw new ProcessStartException(spec.FileName, $"Cannot start '{spec.FileName}'.");
        }
        catch (Win32Exception e)
        {
            throw new ProcessStartException(spec.FileName, $"Cannot start '{spec.FileName}': {e.Message}.", e);
        }
    }

    private static string? FindSetsid()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/bin")
            .Select(dir => Path.Combine(dir, "setsid"))
            .FirstOrDefault(File.Exists);
    }
}
