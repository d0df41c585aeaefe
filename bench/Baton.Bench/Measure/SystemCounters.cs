using System.Globalization;

namespace Baton.Bench.Measure;

/// <summary>
/// Machine-wide counters from <c>/proc/stat</c>: busy CPU time (all CPUs, USER_HZ ticks) and processes created since
/// boot. The difference of two snapshots tells what a step cost the whole machine, children included (on an otherwise
/// idle machine).
/// </summary>
internal sealed record SystemCounters(long BusyTicks, long Forks)
{
    private const double TicksPerSecond = 100;

    public static SystemCounters Read()
    {
        long busy = 0;
        long forks = 0;
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "cpu")
            {
                // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
                busy = parts.Skip(1).Take(8).Select((v, i) => i is 3 or 4 ? 0 : long.Parse(v, CultureInfo.InvariantCulture)).Sum();
            }
            else if (parts[0] == "processes")
            {
                forks = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return new SystemCounters(busy, forks);
    }

    /// <summary>CPU seconds the machine was busy between <paramref name="before"/> and this snapshot.</summary>
    public double CpuSecondsSince(SystemCounters before) => (BusyTicks - before.BusyTicks) / TicksPerSecond;

    public long ForksSince(SystemCounters before) => Forks - before.Forks;
}
