using System.Diagnostics;
using Baton.Core.Processes;
using Baton.Processes.Watchdog;

namespace Baton.Processes.Tests.Processes;

/// <summary>
/// The watchdog on its own: a switch of the test's own (not the process-wide one), processes started by hand, and the
/// pipe closed by disposing the switch — what the kernel does when Baton dies.
/// </summary>
public sealed class DeadManSwitchTests
{
    private static Process StartSleeper(string setsidMode, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var argument in (string[])[setsidMode, "sleep", "300"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH")!;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    private static async Task<bool> GoneWithinAsync(Process process, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Closing_the_pipe_ends_announced_groups_and_cookie_carriers_but_not_released_groups()
    {
        using var watch = new DeadManSwitch();
        watch.Arm();
        var cookie = new Dictionary<string, string> { [DeadManSwitch.Variable] = watch.Cookie };
        using var announced = StartSleeper("--wait", new Dictionary<string, string>());   // no cookie: only its group can find it
        using var carrier = StartSleeper("--wait", cookie);                                  // not announced: found by the cookie
        using var released = StartSleeper("--wait", new Dictionary<string, string>());      // announced, then released
        // setsid has made each one the leader of its own group (pgid == pid) before the groups are announced.
        foreach (var leader in new[] { announced, carrier, released })
        {
            (await Baton.Testing.Eventually.TrueAsync(() => Baton.Testing.Procs.InGroup(leader.Id).Contains(leader.Id), TimeSpan.FromSeconds(5)))
                .ShouldBeTrue($"{leader.Id} never led its own group");
        }

        watch.Watch(new ProcessGroup(announced.Id, 0));
        watch.Watch(new ProcessGroup(released.Id, 0));
        watch.Release(new ProcessGroup(released.Id, 0));
        await Task.Delay(100);
        announced.HasExited.ShouldBeFalse("nothing is ended while the pipe is open");

        watch.Dispose();

        (await GoneWithinAsync(announced, TimeSpan.FromSeconds(2))).ShouldBeTrue("the announced group outlived the switch");
        (await GoneWithinAsync(carrier, TimeSpan.FromSeconds(2))).ShouldBeTrue("the cookie carrier outlived the switch");
        released.HasExited.ShouldBeFalse("a released group is not the watchdog's any more");
        released.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task A_switch_with_nothing_to_end_leaves_no_watchdog_behind()
    {
        var watch = new DeadManSwitch();
        watch.Arm();
        var pid = watch.WatchdogPid!.Value;
        using var watchdog = Process.GetProcessById(pid);

        watch.Dispose();

        (await GoneWithinAsync(watchdog, TimeSpan.FromSeconds(2))).ShouldBeTrue("the watchdog must exit when its pipe closes");
    }
}
