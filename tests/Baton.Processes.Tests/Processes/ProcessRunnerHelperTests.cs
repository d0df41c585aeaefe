using Baton.Core.Processes;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Processes;

/// <summary>Helper processes (git): started directly, same environment and stdin rules, killed with their tree when stopped.</summary>
public sealed class ProcessRunnerHelperTests
{
    private readonly ProcessRunner _runner = new();

    private static ProcessSpec Helper(string script, TimeSpan? timeout = null) => Specs.Bash(script, timeout) with { Helper = true };

    [Fact]
    public async Task A_helper_gets_exactly_its_environment_a_closed_stdin_and_its_output_and_exit_code()
    {
        var recorder = new OutputRecorder();
        var spec = Helper("cat; echo \"x=${BATON_HELPER_X:-unset} secret=${BATON_SECRET_PROBE:-unset}\"; echo oops >&2; exit 7") with
        {
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["BATON_HELPER_X"] = "1" },
        };
        Environment.SetEnvironmentVariable("BATON_SECRET_PROBE", "leaked");
        ProcessResult result;
        try
        {
            result = await _runner.RunAsync(spec, recorder.Callbacks, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            Environment.SetEnvironmentVariable("BATON_SECRET_PROBE", null);
        }

        result.ExitCode.ShouldBe(7);
        recorder.Stdout.ShouldBe(["x=1 secret=unset"], "cat returned at once: stdin is closed");
        recorder.Stderr.ShouldBe(["oops"]);
    }

    [Fact]
    public async Task A_cancelled_or_timed_out_helper_is_killed_with_its_children()
    {
        var marker = $"helper-{Guid.NewGuid():N}";
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var cancelled = await _runner.RunAsync(Helper($"(exec -a {marker}-c1 sleep 300) & exec -a {marker}-p1 sleep 301"), new ProcessCallbacks(), cts.Token);
        var timedOut = await _runner.RunAsync(Helper($"(exec -a {marker}-c2 sleep 302) & exec -a {marker}-p2 sleep 303", TimeSpan.FromMilliseconds(500)), new ProcessCallbacks(), CancellationToken.None);

        cancelled.Cancelled.ShouldBeTrue();
        timedOut.TimedOut.ShouldBeTrue();
        (await Eventually.TrueAsync(() => Procs.WithCommandLine(marker).Count == 0, TimeSpan.FromSeconds(5)))
            .ShouldBeTrue("no helper or child of one is left");
    }
}
