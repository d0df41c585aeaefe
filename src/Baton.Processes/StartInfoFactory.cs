using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Baton.Core.Processes;

namespace Baton.Processes;

/// <summary>
/// Turns a <see cref="ProcessSpec"/> into a start through <c>setsid</c>. A freshly forked child is not a group
/// leader, so <c>setsid</c> calls setsid() and execs the program in place: the pid .NET reports is the pid of the
/// program, of its new session and of its new process group.
/// </summary>
internal static class StartInfoFactory
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly Lazy<string?> SetsidPath = new(FindSetsid);

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

        var info = new ProcessStartInfo(setsid)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(program);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
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
