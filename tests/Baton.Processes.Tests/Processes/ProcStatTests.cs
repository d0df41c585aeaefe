using Baton.Processes.Linux;

namespace Baton.Processes.Tests.Processes;

public sealed class ProcStatTests
{
    [Fact]
    public void Command_names_with_spaces_and_parentheses_do_not_shift_the_fields()
    {
        var line = "4242 (evil ) 1 2 (x) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615";

        var stat = ProcStat.Parse(line).ShouldNotBeNull();

        stat.Pid.ShouldBe(4242);
        stat.State.ShouldBe('S');
        stat.ParentPid.ShouldBe(17);
        stat.ProcessGroup.ShouldBe(4242);
        stat.StartTicks.ShouldBe(987654);
    }
}
