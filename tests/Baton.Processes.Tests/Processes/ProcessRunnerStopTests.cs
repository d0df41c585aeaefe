using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Processes;

public sealed class ProcessRunnerStopTests
{
    // bash -> bash -> sleep, each printing its pid; the middle shell ignores SIGTERM so that only SIGKILL ends it.
    private const string Tree =
        "echo pid:$$; bash -c 'trap \"\" TERM; echo pid:$$; sleep 300 & echo pid:$!; wait' & wait";

    private readonly ProcessRunner _runner = new();
    private readonly ProcessControl _control = new();

    [Fact]
    public async Task Timeout_ends_the_whole_process_tree()
    {
        var recorder = new OutputRecorder();
        var spec = Specs.Bash(Tree, timeout: TimeSpan.FromSeconds(2), grace: TimeSpan.FromMilliseconds(300));

        var result = await _runner.RunAsync(spec, recorder.Callbacks, CancellationToken.None);

        result.TimedOut.ShouldBeTrue();
        result.Cancelled.ShouldBeFalse();
        result.ExitCode.ShouldBeNull();
        AssertTreeGone(await recorder.Started, recorder, expectedPids: 3);
    }

    [Fact]
    public async Task Cancellation_ends_the_whole_process_tree()
    {
        var recorder = new OutputRecorder();
        using var cts = new CancellationTokenSource();
        var run = _runner.RunAsync(Specs.Bash(Tree, grace: TimeSpan.FromMilliseconds(300)), recorder.Callbacks, cts.Token);
        await recorder.LineAsync(l => l.Text.StartsWith("pid:", StringComparison.Ordinal) && recorder.Stdout.Count >= 3);

        await cts.CancelAsync();
        var result = await run;

        result.Cancelled.ShouldBeTrue();
        result.TimedOut.ShouldBeFalse();
        result.ExitCode.ShouldBeNull();
        AssertTreeGone(await recorder.Started, recorder, expectedPids: 3);
    }

    [Fact]
    public async Task Cancelling_the_moment_it_started_still_leaves_nothing_behind()
    {
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource<Core.Processes.ProcessGroup>();
        var callbacks = new Core.Processes.ProcessCallbacks
        {
            OnStarted = async group =>
            {
                started.SetResult(group);
                await cts.CancelAsync();
            },
        };

        var result = await _runner.RunAsync(Specs.Bash(Tree, grace: TimeSpan.FromMilliseconds(300)), callbacks, cts.Token);

        result.Cancelled.ShouldBeTrue();
        var group = await started.Task;
        _control.LiveMembers(group.Pgid).ShouldBeEmpty();
        Probe.IsGone(group.Pgid).ShouldBeTrue();
    }

    [Fact]
    public async Task A_failing_OnStarted_ends_the_child_and_is_rethrown()
    {
        var pgid = 0;
        var callbacks = new Core.Processes.ProcessCallbacks
        {
            OnStarted = group =>
            {
                pgid = group.Pgid;
                throw new InvalidOperationException("could not record the group");
            },
        };

        await Should.ThrowAsync<InvalidOperationException>(
            () => _runner.RunAsync(Specs.Program("sleep", "300") with { GracePeriod = TimeSpan.FromMilliseconds(300) }, callbacks, CancellationToken.None));

        Probe.IsGone(pgid).ShouldBeTrue();
        _control.LiveMembers(pgid).ShouldBeEmpty();
    }

    private static bool IsAsleepInGate(int pid)
    {
        try
        {
            return Linux.ProcStat.Read(pid)?.State == 'S' && File.ReadAllText($"/proc/{pid}/cmdline").Contains("baton-gate", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_child_does_nothing_until_its_group_is_recorded_and_never_runs_when_recording_fails()
    {
        var dir = Baton.Testing.TempDir.Create("gate");
        var marker = Path.Combine(dir, "ran");
        var sawMarkerWhileRecording = true;
        var callbacks = new Core.Processes.ProcessCallbacks
        {
            OnStarted = async group =>
            {
                // Wait until the child sits asleep as the gate (it only sleeps in the gate's read): from here on, a
                // child that could run ahead would already have exec'd touch.
                (await Baton.Testing.Eventually.TrueAsync(() => IsAsleepInGate(group.Pgid), TimeSpan.FromSeconds(10))).ShouldBeTrue("the child reached the gate");
                sawMarkerWhileRecording = File.Exists(marker) || !IsAsleepInGate(group.Pgid);
                throw new InvalidOperationException("could not record the group");
            },
        };

        await Should.ThrowAsync<InvalidOperationException>(
            () => _runner.RunAsync(Specs.Program("touch", marker) with { GracePeriod = TimeSpan.FromMilliseconds(300) }, callbacks, CancellationToken.None));

        sawMarkerWhileRecording.ShouldBeFalse("the child ran before its group was recorded");
        File.Exists(marker).ShouldBeFalse("the child ran although its group was never recorded");
        Baton.Testing.TempDir.Delete(dir);
    }

    [Fact]
    public async Task Stop_ends_descendants_that_left_the_process_group()
    {
        var recorder = new OutputRecorder();
        using var cts = new CancellationTokenSource();
        var run = _runner.RunAsync(Specs.Bash("setsid sleep 300 & echo pid:$!; wait"), recorder.Callbacks, cts.Token);
        var escaped = int.Parse((await recorder.LineAsync(l => l.Text.StartsWith("pid:", StringComparison.Ordinal))).Text[4..]);

        await cts.CancelAsync();
        (await run).Cancelled.ShouldBeTrue();

        (await Eventually.TrueAsync(() => Probe.IsGone(escaped), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task Leader_exit_ends_what_it_left_running_in_the_background()
    {
        var recorder = new OutputRecorder();

        var result = await _runner.RunAsync(Specs.Bash("sleep 300 & echo pid:$!"), recorder.Callbacks, CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        var group = await recorder.Started;
        _control.LiveMembers(group.Pgid).ShouldBeEmpty();
        Probe.IsGone(Probe.Pids(recorder.Stdout, "pid:").Single()).ShouldBeTrue();
    }

    [Fact]
    public async Task Escaped_descendant_holding_stdout_does_not_hang_the_run()
    {
        var recorder = new OutputRecorder();

        var run = _runner.RunAsync(Specs.Bash("setsid sleep 300 & echo pid:$!"), recorder.Callbacks, CancellationToken.None);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))) == run;

        finished.ShouldBeTrue("the run must not wait forever for a pipe an escaped process holds");
        (await run).ExitCode.ShouldBe(0);
        (await Eventually.TrueAsync(() => Probe.IsGone(Probe.Pids(recorder.Stdout, "pid:").Single()), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task Child_that_closes_its_output_but_keeps_running_still_times_out()
    {
        var spec = Specs.Bash("exec >&- 2>&-; sleep 300", timeout: TimeSpan.FromMilliseconds(300), grace: TimeSpan.FromMilliseconds(300));

        var result = await _runner.RunAsync(spec, new Core.Processes.ProcessCallbacks(), CancellationToken.None);

        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBeNull();
    }

    private void AssertTreeGone(Core.Processes.ProcessGroup group, OutputRecorder recorder, int expectedPids)
    {
        var pids = Probe.Pids(recorder.Stdout, "pid:");
        pids.Count.ShouldBe(expectedPids);
        pids[0].ShouldBe(group.Pgid);
        _control.LiveMembers(group.Pgid).ShouldBeEmpty();
        pids.ShouldAllBe(pid => Probe.IsGone(pid));
    }
}
