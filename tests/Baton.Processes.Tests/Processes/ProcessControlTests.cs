using System.Diagnostics;
using Baton.Core.Model;
using Baton.Core.Processes;
using Baton.Processes.Linux;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Processes;

public sealed class ProcessControlTests
{
    private readonly ProcessControl _control = new();

    [Fact]
    public void Current_owner_is_this_process_and_alive()
    {
        var owner = _control.CurrentOwner;

        owner.Pid.ShouldBe(Environment.ProcessId);
        owner.Host.ShouldBe(Environment.MachineName);
        owner.StartTicks.ShouldBeGreaterThan(0);
        _control.IsAlive(owner).ShouldBeTrue();
    }

    [Fact]
    public void Owner_with_other_start_ticks_or_host_is_not_alive()
    {
        var owner = _control.CurrentOwner;

        _control.IsAlive(owner with { StartTicks = owner.StartTicks + 1 }).ShouldBeFalse();
        _control.IsAlive(owner with { Host = "some-other-host" }).ShouldBeFalse();
    }

    [Fact]
    public async Task Owner_whose_process_exited_is_not_alive()
    {
        var recorder = new OutputRecorder();
        await new ProcessRunner().RunAsync(Specs.Program("sleep", "0.2"), recorder.Callbacks, CancellationToken.None);
        var group = await recorder.Started;

        _control.IsAlive(new RunOwner(Environment.MachineName, group.Pgid, group.StartTicks)).ShouldBeFalse();
    }

    [Fact]
    public async Task KillGroup_ends_a_group_whose_leader_died_but_whose_child_lives()
    {
        var (group, child) = await StartOrphanedGroupAsync();
        _control.LiveMembers(group.Pgid).ShouldBe([child]);

        _control.KillGroup(group).ShouldBeTrue();

        (await Eventually.TrueAsync(() => Probe.IsGone(child), TimeSpan.FromSeconds(5))).ShouldBeTrue();
        _control.LiveMembers(group.Pgid).ShouldBeEmpty();
    }

    [Fact]
    public async Task KillGroup_leaves_a_live_leader_with_other_start_ticks_alone()
    {
        var recorder = new OutputRecorder();
        using var cts = new CancellationTokenSource();
        var run = new ProcessRunner().RunAsync(Specs.Program("sleep", "300"), recorder.Callbacks, cts.Token);
        var group = await recorder.Started;
        (await Eventually.TrueAsync(() => Native.ProcessGroupOf(group.Pgid) == group.Pgid, TimeSpan.FromSeconds(5))).ShouldBeTrue();

        _control.KillGroup(group with { StartTicks = group.StartTicks - 1 }).ShouldBeFalse();
        Probe.IsGone(group.Pgid).ShouldBeFalse();

        _control.KillGroup(group).ShouldBeTrue();
        (await run).ExitCode.ShouldBe(137);
    }

    [Fact]
    public void KillGroup_of_a_vanished_group_signals_nothing()
    {
        _control.KillGroup(new ProcessGroup(int.MaxValue - 7, 12345)).ShouldBeFalse();
        _control.LiveMembers(int.MaxValue - 7).ShouldBeEmpty();
    }

    /// <summary>A group made without the runner (which would clean it up): the leader exits, a sleep stays behind.</summary>
    private static async Task<(ProcessGroup Group, int Child)> StartOrphanedGroupAsync()
    {
        var info = new ProcessStartInfo("setsid") { RedirectStandardOutput = true };
        foreach (var arg in new[] { "bash", "-c", "sleep 300 >/dev/null 2>&1 & echo $$ $!; cat /proc/$$/stat" })
        {
            info.ArgumentList.Add(arg);
        }

        using var leader = Process.Start(info)!;
        var pids = (await leader.StandardOutput.ReadLineAsync())!.Split(' ').Select(int.Parse).ToArray();
        var stat = ProcStat.Parse((await leader.StandardOutput.ReadLineAsync())!)!.Value;
        await leader.WaitForExitAsync();
        stat.ProcessGroup.ShouldBe(pids[0]);
        return (new ProcessGroup(pids[0], stat.StartTicks), pids[1]);
    }
}
