using Baton.Core.Processes;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Processes;

public sealed class ProcessRunnerOutputTests
{
    private readonly ProcessRunner _runner = new();

    [Fact]
    public async Task Stdout_and_stderr_lines_arrive_in_order_per_stream()
    {
        var recorder = new OutputRecorder();
        var spec = Specs.Bash("for i in $(seq 1 2000); do echo out$i; echo err$i >&2; done");

        var result = await _runner.RunAsync(spec, recorder.Callbacks, CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        recorder.Stdout.ShouldBe(Enumerable.Range(1, 2000).Select(i => $"out{i}"));
        recorder.Stderr.ShouldBe(Enumerable.Range(1, 2000).Select(i => $"err{i}"));
    }

    [Fact]
    public async Task A_10_MB_line_arrives_whole()
    {
        const int size = 10 * 1024 * 1024;
        var recorder = new OutputRecorder();
        var spec = Specs.Bash($"head -c {size} /dev/zero | tr '\\0' x; echo; echo after");

        var result = await _runner.RunAsync(spec, recorder.Callbacks, CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        recorder.Stdout.Count.ShouldBe(2);
        recorder.Stdout[0].Length.ShouldBe(size);
        recorder.Stdout[0].ShouldAllBe(c => c == 'x');
        recorder.Stdout[1].ShouldBe("after");
        result.Tail.Length.ShouldBeLessThan(64 * 1024, "the tail keeps long lines cut short");
    }

    [Fact]
    public async Task Tail_keeps_the_last_lines_of_both_streams()
    {
        // The pause lets the stdout lines arrive first: the two pipes are read concurrently, and without it the stderr
        // line could be read before line 8 and be pushed out of a three-line tail.
        var spec = Specs.Bash("for i in $(seq 1 10); do echo line$i; done; sleep 0.3; echo last >&2") with { TailLines = 3 };

        var result = await _runner.RunAsync(spec, new ProcessCallbacks(), CancellationToken.None);

        var tail = result.Tail.Split('\n');
        tail.Length.ShouldBe(3);
        tail.ShouldContain("last");
        tail.Where(l => l != "last").ShouldBeSubsetOf(["line8", "line9", "line10"]);
    }

    [Fact]
    public async Task Crlf_and_a_missing_final_newline_are_handled()
    {
        var recorder = new OutputRecorder();

        await _runner.RunAsync(Specs.Bash("printf 'a\\r\\nb\\n\\nc'"), recorder.Callbacks, CancellationToken.None);

        recorder.Stdout.ShouldBe(["a", "b", "", "c"]);
    }

    [Fact]
    public async Task Utf8_output_is_decoded()
    {
        var recorder = new OutputRecorder();

        await _runner.RunAsync(Specs.Bash("printf 'h\\xc3\\xa9llo \\xe2\\x9c\\x93\\n'"), recorder.Callbacks, CancellationToken.None);

        recorder.Stdout.ShouldBe(["héllo ✓"]);
    }

    [Fact]
    public async Task A_failing_line_callback_is_rethrown_after_the_process_ended()
    {
        var callbacks = new ProcessCallbacks { OnLine = _ => throw new InvalidOperationException("sink broke") };

        var e = await Should.ThrowAsync<InvalidOperationException>(
            () => _runner.RunAsync(Specs.Bash("seq 1 100000"), callbacks, CancellationToken.None));

        e.Message.ShouldBe("sink broke");
    }

    [Fact]
    public async Task OnExited_runs_after_the_group_is_gone()
    {
        var control = new ProcessControl();
        IReadOnlyList<int>? membersAtExit = null;
        var callbacks = new ProcessCallbacks
        {
            OnExited = group =>
            {
                membersAtExit = control.LiveMembers(group.Pgid);
                return Task.CompletedTask;
            },
        };

        await _runner.RunAsync(Specs.Bash("sleep 300 & echo started"), callbacks, CancellationToken.None);

        membersAtExit.ShouldNotBeNull().ShouldBeEmpty();
    }
}
