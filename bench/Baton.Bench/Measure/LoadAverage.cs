namespace Baton.Bench.Measure;

/// <summary>The machine's load averages (<c>/proc/loadavg</c>: 1, 5, 15 minutes, running/total, last pid), to show how busy it was.</summary>
internal static class LoadAverage
{
    public static string Read() => File.ReadAllText("/proc/loadavg").Trim();
}
