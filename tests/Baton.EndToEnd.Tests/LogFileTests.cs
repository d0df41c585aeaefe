namespace Baton.EndToEnd.Tests;

/// <summary>The log file under the state directory, as a user finds it.</summary>
public sealed class LogFileTests
{
    private const string Config = """
        version: 1
        agents: {}
        pipelines:
          default:
            stages: [ { id: build, command: "echo built" } ]
            gates: [ "true" ]
        """;

    [Fact]
    public async Task A_run_logs_its_start_and_end_and_a_reading_verb_writes_no_log()
    {
        using var p = new BatonProject(Config);
        var log = Path.Combine(p.StateDir, "logs", "baton.log");

        (await p.RunAsync("status")).ExitCode.ShouldBe(0);
        File.Exists(log).ShouldBeFalse("status only reads");

        var (result, json) = await p.JsonAsync("start", "default");

        result.ExitCode.ShouldBe(0, result.ToString());
        var runId = (string)json!["run_id"]!;
        var lines = File.ReadAllLines(log);
        lines.ShouldContain(l => l.Contains("INFO  [2000]", StringComparison.Ordinal) && l.Contains(runId, StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("INFO  [2001]", StringComparison.Ordinal) && l.Contains($"run {runId} ended Succeeded", StringComparison.Ordinal));
    }
}
