namespace Baton.Bench.Measure;

/// <summary>What a batch of tasks cost the machine: busy CPU and processes created, per task; and the measured process's own CPU.</summary>
internal sealed record Cost(double CpuSeconds, long Forks, double CpuMsPerTask, double ForksPerTask, double? SelfCpuSeconds, double? SelfCpuMsPerTask)
{
    public static Cost Since(SystemCounters before, int tasks, double? selfCpuSeconds)
    {
        var after = SystemCounters.Read();
        var cpu = after.CpuSecondsSince(before);
        var forks = after.ForksSince(before);
        return new Cost(cpu, forks, cpu * 1000 / tasks, (double)forks / tasks, selfCpuSeconds, selfCpuSeconds * 1000 / tasks);
    }
}
