using System.Globalization;

namespace Baton.Bench.Measure;

/// <summary>
/// How busy the machine is while the bench itself is idle: the share of all CPUs busy over one second
/// (<c>/proc/stat</c>), plus the 1-minute load average. The bench may share its machine; this says how much.
/// </summary>
internal static class MachineLoad
{
    public static async Task<string> ProbeAsync(CancellationToken ct) => Describe(await BusyShareAsync(ct));

    /// <summary>
    /// Probes until the CPUs are less than <paramref name="maxBusyPercent"/> busy with other work or
    /// <paramref name="patience"/> has passed; returns the last probe's description.
    /// </summary>
    public static async Task<string> WaitQuietAsync(TimeSpan patience, double maxBusyPercent, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + patience;
        var share = await BusyShareAsync(ct);
        while (share >= maxBusyPercent && DateTime.UtcNow < deadline)
        {
            share = await BusyShareAsync(ct);
        }

        return Describe(share);
    }

    private static string Describe(double share) => string.Create(CultureInfo.InvariantCulture,
        $"CPUs {share:0}% busy with other work, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

    private static async Task<double> BusyShareAsync(CancellationToken ct)
    {
        var (busy0, total0) = CpuTicks();
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var (busy1, total1) = CpuTicks();
        return total1 > total0 ? 100.0 * (busy1 - busy0) / (total1 - total0) : double.NaN;
    }

    /// <summary>Busy and total ticks of the aggregate <c>cpu</c> line (busy = all but idle and iowait).</summary>
    private static (long Busy, long Total) CpuTicks()
    {
        var parts = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = parts.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }
}
