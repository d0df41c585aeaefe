using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Baton.Bench.Infra;

/// <summary>
/// Finds processes that still belong to the benchmark after a step has ended — any whose working directory, command
/// line or environment names the benchmark's temp root — and kills them by pid. Baton should leave none; the count
/// found is reported as a figure.
/// </summary>
internal static class LeftoverSweeper
{
    public static IReadOnlyList<string> Sweep(string root)
    {
        var found = Find(root);
        foreach (var (pid, _) in found)
        {
            Kill(pid);
        }

        return [.. found.Select(p => $"{p.Pid} {p.CommandLine}")];
    }

    /// <summary>The live processes whose working directory, command line or environment names <paramref name="root"/>.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Find(string root)
    {
        var found = new List<(int, string)>();
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            if (IsZombie(dir) || !Mentions(dir, root))
            {
                continue;
            }

            found.Add((pid, Read(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim()));
        }

        return found;
    }

    private static bool Mentions(string dir, string root)
    {
        try
        {
            var cwd = new FileInfo(Path.Combine(dir, "cwd")).LinkTarget;
            if (cwd is not null && cwd.StartsWith(root, StringComparison.Ordinal))
            {
                return true;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Read(Path.Combine(dir, "cmdline")).Contains(root, StringComparison.Ordinal)
            || Read(Path.Combine(dir, "environ")).Contains(root, StringComparison.Ordinal);
    }

    private static bool IsZombie(string dir)
    {
        var stat = Read(Path.Combine(dir, "stat"));
        var close = stat.LastIndexOf(')');
        return close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X';
    }

    private static string Read(string path)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes(path));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
