using System.Globalization;

namespace Baton.Processes.Tests.Support;

/// <summary>Independent checks on <c>/proc</c>, so tests do not only trust the code under test.</summary>
public static class Probe
{
    /// <summary>True when the pid no longer runs: no /proc entry, or a zombie waiting to be reaped.</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static IReadOnlyList<int> Pids(IEnumerable<string> lines, string prefix) =>
        [.. lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => int.Parse(l[prefix.Length..], CultureInfo.InvariantCulture))];
}
