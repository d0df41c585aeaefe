using System.Diagnostics;
using System.Globalization;

namespace Baton.Bench.Measure;

/// <summary>
/// Samples a live process's <c>/proc/&lt;pid&gt;/status</c> at a fixed interval until it exits or sampling is
/// cancelled, keeping the largest VmHWM (the kernel's own peak-RSS mark) and VmRSS seen.
/// </summary>
internal sealed class RssSampler(TimeSpan interval)
{
    public long PeakHwmKb { get; private set; }

    public long PeakRssKb { get; private set; }

    public int Samples { get; private set; }

    public async Task SampleAsync(Process process, CancellationToken ct)
    {
        var status = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        using var timer = new PeriodicTimer(interval);
        do
        {
            if (!Read(status))
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
    private bool Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
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

        Samples++;
        PeakHwmKb = Math.Max(PeakHwmKb, hwm.Value);
        PeakRssKb = Math.Max(PeakRssKb, rss.Value);
        return true;
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', '\t').Where(p => p.Length > 0).ElementAt(1), CultureInfo.InvariantCulture);
}
