using System.Diagnostics;
using System.Globalization;

namespace Baton.Bench.Measure;

/// <summary>
/// Samples a live process's <c>/proc/&lt;pid&gt;/status</c> and <c>stat</c> at a fixed interval until it exits or
/// sampling is cancelled, keeping the largest VmHWM (the kernel's own peak-RSS mark) and VmRSS seen, and the CPU time
/// (user + system, the process itself without its children) at the last sample.
/// </summary>
internal sealed class ProcessSampler(TimeSpan interval)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public double CpuSeconds { get; private set; }

    public long PeakHwmKb { get; private set; }

    public long PeakRssKb { get; private set; }

    public int Samples { get; private set; }

    public async Task SampleAsync(Process process, CancellationToken ct)
    {
        var proc = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}";
        using var timer = new PeriodicTimer(interval);
        do
        {
            if (!Read(proc))
            {
                return;
            }
        }
        while (await Tick(timer, ct));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>False once the process is gone (or a zombie, whose status no longer has memory lines).</summary>
    private bool Read(string proc)
    {
        string[] lines;
        string stat;
        try
        {
            lines = File.ReadAllLines(proc + "/status");
            stat = File.ReadAllText(proc + "/stat");
        }
        catch (IOException)
        {
            return false;
        }

        long? hwm = null;
        long? rss = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kb(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line);
            }
        }

        if (hwm is null || rss is null)
        {
            return false;
        }

        // Fields after the command name's closing parenthesis: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        CpuSeconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        Samples++;
        PeakHwmKb = Math.Max(PeakHwmKb, hwm.Value);
        PeakRssKb = Math.Max(PeakRssKb, rss.Value);
        return true;
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', '\t').Where(p => p.Length > 0).ElementAt(1), CultureInfo.InvariantCulture);
}
