using System.Globalization;

namespace Baton.Bench.Measure;

/// <summary>
/// How much of the machine's CPU capacity other work used while one measured step ran: machine-wide busy time
/// (<c>/proc/stat</c>) minus the bench's own CPU and its reaped children's (the measured process tree), as a share of
/// all CPUs over the step's wall time. Near 0% means the step had the machine to itself.
/// </summary>
internal sealed class Interference
{
    private const double TicksPerSecond = 100; // USER_HZ
    private readonly long _busy;
    private readonly long _total;
    private readonly double _ours;

    private Interference()
    {
        (_busy, _total) = MachineTicks();
        _ours = ChildrenCpu.Seconds() + SelfCpuSeconds();
    }

    public static Interference Start() => new();

    /// <summary>Other work's share of all CPUs since <see cref="Start"/>, in percent; call after the measured child was reaped.</summary>
    public double OtherPercent()
    {
        var (busy, total) = MachineTicks();
        var ours = ChildrenCpu.Seconds() + SelfCpuSeconds() - _ours;
        var others = ((busy - _busy) / TicksPerSecond) - ours;
        var capacity = (total - _total) / TicksPerSecond;
        return capacity > 0 ? Math.Max(0, 100 * others / capacity) : double.NaN;
    }

    private static (long Busy, long Total) MachineTicks()
    {
        var parts = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = parts.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }

    private static double SelfCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
