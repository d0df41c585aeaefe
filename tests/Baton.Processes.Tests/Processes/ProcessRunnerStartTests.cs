using Baton.Core.Processes;
using Baton.Processes.Linux;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Processes;

public sealed class ProcessRunnerStartTests
{
    private readonly ProcessRunner _runner = new();

    [Fact]
    public async Task Child_leads_its_own_process_group_with_pid_equal_to_pgid()
    {
        var recorder = new OutputRecorder();
        using var cts = new CancellationTokenSource();
        var run = _runner.RunAsync(Specs.Program("sleep", "300"), recorder.Callbacks, cts.Token);
        var group = await recorder.Started;

        (await Eventually.TrueAsync(() => Native.ProcessGroupOf(group.Pgid) == group.Pgid, TimeSpan.FromSeconds(5))).ShouldBeTrue();
        (await Eventually.TrueAsync(() => File.ReadAllText($"/proc/{group.Pgid}/comm").Trim() == "sleep", TimeSpan.FromSeconds(5)))
            .ShouldBeTrue("setsid must exec the program in place, not fork it");
        group.StartTicks.ShouldBeGreaterThan(0);

        await cts.CancelAsync();
        (await run).Cancelled.ShouldBeTrue();
    }

    [Fact]
    public async Task Environment_is_exactly_the_spec_and_the_watchdog_cookie()
    {
        Environment.SetEnvironmentVariable("BATON_SECRET_TEST", "do-not-leak");
        var recorder = new OutputRecorder();
        var spec = Specs.Program("env") with { Environment = new Dictionary<string, string> { ["ONLY_THIS"] = "1", ["AND_THIS"] = "two words" } };

        var result = await _runner.RunAsync(spec, recorder.Callbacks, CancellationToken.None);

        result.ExitCode.ShouldBe(0);
        recorder.Stdout.Order(StringComparer.Ordinal)
            .ShouldBe(["AND_THIS=two words", $"BATON_WATCH={Baton.Processes.Watchdog.DeadManSwitch.Shared.Cookie}", "ONLY_THIS=1"]);
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_reader_of_stdin_exits_at_once()
    {
        var result = await _runner.RunAsync(Specs.Program("cat") with { Timeout = TimeSpan.FromSeconds(20) }, new ProcessCallbacks(), CancellationToken.None);

        result.TimedOut.ShouldBeFalse();
        result.ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("kill -KILL $$", 137)]
    public async Task Exit_code_is_reported(string script, int expected)
    {
        var result = await _runner.RunAsync(Specs.Bash(script), new ProcessCallbacks(), CancellationToken.None);

        result.ExitCode.ShouldBe(expected);
        result.Succeeded.ShouldBe(expected == 0);
        result.TimedOut.ShouldBeFalse();
        result.Cancelled.ShouldBeFalse();
    }

    [Fact]
    public async Task Missing_program_is_a_start_exception_that_names_it()
    {
        var e = await Should.ThrowAsync<ProcessStartException>(
            () => _runner.RunAsync(Specs.Program("no-such-program-baton"), new ProcessCallbacks(), CancellationToken.None));

        e.FileName.ShouldBe("no-such-program-baton");
        e.Message.ShouldContain("no-such-program-baton");
        e.Message.ShouldContain("PATH");
    }

    [Fact]
    public async Task Non_executable_file_is_a_start_exception_with_advice()
    {
        var dir = TempDir.Create("noexec");
        try
        {
            var script = Path.Combine(dir, "script.sh");
            await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n");

            var e = await Should.ThrowAsync<ProcessStartException>(
                () => _runner.RunAsync(Specs.Program(script), new ProcessCallbacks(), CancellationToken.None));

            e.Message.ShouldContain("chmod +x");
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Missing_working_directory_is_a_start_exception()
    {
        var spec = Specs.Program("true") with { WorkingDirectory = "/nonexistent/baton/dir" };

        var e = await Should.ThrowAsync<ProcessStartException>(() => _runner.RunAsync(spec, new ProcessCallbacks(), CancellationToken.None));

        e.Message.ShouldContain("/nonexistent/baton/dir");
    }

    [Fact]
    public async Task Already_cancelled_token_starts_nothing()
    {
        var recorder = new OutputRecorder();

        var result = await _runner.RunAsync(Specs.Program("true"), recorder.Callbacks, new CancellationToken(canceled: true));

        result.Cancelled.ShouldBeTrue();
        result.ExitCode.ShouldBeNull();
        recorder.Started.IsCompleted.ShouldBeFalse();
    }
}
