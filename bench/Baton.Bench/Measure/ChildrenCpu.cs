using System.Globalization;

namespace Baton.Bench.Measure;

/// <summary>
/// CPU time (user + system) of the bench's reaped children and all their reaped descendants — <c>cutime + cstime</c>
/// of <c>/proc/self/stat</c>. The difference across one child's run is what that child's whole process tree cost,
/// whatever else the machine is doing.
/// </summary>
internal static class ChildrenCpu
{
    private const double TicksPerSecond = 100; // USER_HZ

    public static double Seconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state is field 3; cutime and cstime are fields 16 and 17.
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
