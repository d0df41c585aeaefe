namespace Baton.Bench.Measure;

/// <summary>What a batch of tasks cost in CPU: the whole process tree's, per task; and the measured process's own, when sampled.</summary>
internal sealed record Cost(double TreeCpuSeconds, double TreeCpuMsPerTask, double? SelfCpuSeconds, double? SelfCpuMsPerTask)
{
    /// <param name="treeBefore"><see cref="ChildrenCpu.Seconds"/> before the child started (read after it was reaped).</param>
    public static Cost Since(double treeBefore, int tasks, double? selfCpuSeconds)
    {
        var tree = ChildrenCpu.Seconds() - treeBefore;
        return new Cost(tree, tree * 1000 / tasks, selfCpuSeconds, selfCpuSeconds * 1000 / tasks);
    }
}
