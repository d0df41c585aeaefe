using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;
using Baton.Files;
using Baton.Store.Sqlite;
using Baton.Testing;
using Xunit.Abstractions;

namespace Baton.Store.Tests;

public sealed class RunFilesTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>ENOSPC on every write: how the disk-full tests fill a disk (without it they report themselves skipped).</summary>
    private const string DevFull = "/dev/full";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _stateDir = TempDir.Create("runfiles");

    public void Dispose()
    {
        Unwritable.Restore(_stateDir);
        TempDir.Delete(_stateDir);
    }

    private IRunFiles Open(string taskId = "t1", string runId = "r1") => new RunFilesFactory(_stateDir).Open(taskId, runId);

    [Fact]
    public async Task A_run_lives_in_runs_task_run_under_the_state_dir()
    {
        await using var files = Open("task-1", "run.2_b");

        files.Directory.ShouldBe(Path.Combine(Path.GetFullPath(_stateDir), "runs", "task-1", "run.2_b"));
        Directory.Exists(files.Directory).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("../x")]
    [InlineData("a\\b")]
    [InlineData("with space")]
    [InlineData("ünï")]
    public void Ids_that_are_not_plain_path_segments_are_refused(string id)
    {
        var factory = new RunFilesFactory(_stateDir);

        Should.Throw<ArgumentException>(() => factory.Open(id, "r1")).ParamName.ShouldBe("taskId");
        Should.Throw<ArgumentException>(() => factory.Open("t1", id)).ParamName.ShouldBe("runId");
    }

    [Fact]
    public async Task Each_event_is_one_line_of_the_one_event_shape()
    {
        await using var files = Open();
        var local = new DateTimeOffset(2026, 11, 22, 12, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4_567);

        await files.AppendEventsAsync([Samples.NewEvent("r1", 1)], None);
        await files.AppendEventsAsync(
            [
                Samples.NewEvent("r1", 2, stage: null) with
                {
                    Ts = local,
                    Data = new AgentMessageData { Text = "ünï \"quoted\" ✓\nline" },
                },
            ],
            None);

        var lines = await File.ReadAllLinesAsync(Path.Combine(files.Directory, "events.ndjson"));
        lines.ShouldBe(
        [
            """{"seq":1,"ts":"2026-11-22T10:00:00.124Z","task_id":"t1","run_id":"r1","stage":"build","type":"agent.command","data":{"command":"ls -la","exit_code":0,"n":1}}""",
            """{"seq":2,"ts":"2026-11-22T10:00:00.123Z","task_id":"t1","run_id":"r1","type":"agent.message","data":{"text":"ünï \"quoted\" ✓\nline"}}""",
        ]);
        JsonNode.Parse(lines[1])!["data"]!["text"]!.GetValue<string>().ShouldBe("ünï \"quoted\" ✓\nline");
    }

    [Fact]
    public async Task Events_are_appended_to_what_an_earlier_process_wrote()
    {
        await using (var first = Open())
        {
            await first.AppendEventsAsync(Samples.NewEvents("r1", 1, 3), None);
        }

        await using var second = Open();
        await second.AppendEventsAsync(Samples.NewEvents("r1", 4, 2), None);

        var lines = await File.ReadAllLinesAsync(Path.Combine(second.Directory, "events.ndjson"));
        lines.Select(l => JsonNode.Parse(l)!["seq"]!.GetValue<long>()).ShouldBe([1L, 2, 3, 4, 5]);
    }

    [Fact]
    public async Task Events_reach_the_file_when_the_append_returns()
    {
        await using var files = Open();

        await files.AppendEventsAsync(Samples.NewEvents("r1", 1, 5), None);

        // Read while the writer still holds the file open: nothing may wait in a buffer.
        using var reader = new StreamReader(new FileStream(
            Path.Combine(files.Directory, "events.ndjson"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(5);
    }

    [Fact]
    public async Task The_manifest_is_replaced_whole_and_no_temp_file_is_left_behind()
    {
        await using var files = Open();

        await files.WriteManifestAsync(new TestManifest("r1", ["plan"]), Docs.TestManifest, None);
        await files.WriteManifestAsync(new TestManifest("r1", ["plan", "build"], ExitCode: 0), Docs.TestManifest, None);
        await files.WriteResultAsync(new TestResult("succeeded"), Docs.TestResult, None);

        var manifest = await File.ReadAllTextAsync(Path.Combine(files.Directory, "manifest.json"));
        manifest.ShouldContain("\n  \"run_id\": \"r1\"");
        JsonNode.Parse(manifest)!["stages"]!.AsArray().Count.ShouldBe(2);
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(files.Directory, "result.json")))!["status"]!
            .GetValue<string>().ShouldBe("succeeded");
        Directory.GetFiles(files.Directory).Select(Path.GetFileName).ShouldBe(["manifest.json", "result.json"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_manifest_that_cannot_be_serialized_leaves_the_previous_one_intact()
    {
        await using var files = Open();
        await files.WriteManifestAsync(new TestManifest("r1", [], Version: 1), Docs.TestManifest, None);
        var before = await File.ReadAllTextAsync(Path.Combine(files.Directory, "manifest.json"));

        await Should.ThrowAsync<InvalidOperationException>(() => files.WriteManifestAsync(new Exploding(), Docs.Exploding, None));

        (await File.ReadAllTextAsync(Path.Combine(files.Directory, "manifest.json"))).ShouldBe(before);
        Directory.GetFiles(files.Directory).Select(Path.GetFileName).ShouldBe(["manifest.json"]);
    }

    [Theory]
    [InlineData("build", "build.log")]
    [InlineData("checks.lint", "checks.lint.log")]
    [InlineData("a/b", "a_b.log")]
    [InlineData("..", "_...log")]
    [InlineData("../../etc/passwd", "_.._.._etc_passwd.log")]
    [InlineData("/abs", "_abs.log")]
    [InlineData("", "_.log")]
    [InlineData("sp ace:x", "sp_ace_x.log")]
    public async Task Stage_logs_get_safe_file_names_inside_logs(string stage, string expected)
    {
        await using var files = Open();

        var writer = files.OpenLog(stage);
        await writer.WriteLineAsync("hello");
        await writer.FlushAsync();

        var logs = Path.Combine(files.Directory, "logs");
        Directory.GetFiles(logs).Select(Path.GetFileName).ShouldBe([expected]);
        (await File.ReadAllTextAsync(Path.Combine(logs, expected))).ShouldBe("hello" + Environment.NewLine);
    }

    [Fact]
    public async Task A_stage_log_stops_at_its_cap_and_says_so_once_even_across_reopening()
    {
        var dir = Path.Combine(_stateDir, "capped");
        await using (var files = new RunFiles(dir) { LogCapChars = 1_000 })
        {
            var writer = files.OpenLog("build");
            for (var i = 0; i < 30; i++)
            {
                writer.WriteLine($"line {i:D2} {new string('x', 40)}");
            }
        }

        await using (var again = new RunFiles(dir) { LogCapChars = 1_000 })
        {
            again.OpenLog("build").WriteLine("after a resume");
        }

        var text = await File.ReadAllTextAsync(Path.Combine(dir, "logs", "build.log"));
        text.Length.ShouldBeLessThan(1_000 + 200);
        text.ShouldContain("line 00");
        text.ShouldNotContain("line 29");
        text.ShouldNotContain("after a resume");
        text.Split("capped at").Length.ShouldBe(2, "one note where the output stops");
    }

    [Fact]
    public async Task A_stage_log_is_shared_between_threads_without_tearing_lines()
    {
        await using var files = Open();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var writer = files.OpenLog("build");
            for (var i = 0; i < 500; i++)
            {
                writer.WriteLine($"thread {t} line {i} {new string('x', 40)}");
            }
        })));

        files.OpenLog("build").Flush();
        var lines = await File.ReadAllLinesAsync(Path.Combine(files.Directory, "logs", "build.log"));
        lines.Length.ShouldBe(4_000);
        lines.ShouldAllBe(l => l.EndsWith(new string('x', 40), StringComparison.Ordinal) && l.StartsWith("thread ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disposing_the_run_files_closes_every_log()
    {
        var files = Open();
        var writer = files.OpenLog("build");
        writer.WriteLine("before");

        await files.DisposeAsync();

        Should.Throw<ObjectDisposedException>(() => writer.WriteLine("after"));
        (await File.ReadAllTextAsync(Path.Combine(files.Directory, "logs", "build.log"))).ShouldBe("before" + Environment.NewLine);
    }

    [Fact]
    public async Task A_disposed_log_writer_is_replaced_on_the_next_open()
    {
        await using var files = Open();
        using (var first = files.OpenLog("build"))
        {
            first.WriteLine("one");
        }

        files.OpenLog("build").WriteLine("two");
        files.OpenLog("build").Flush();

        (await File.ReadAllLinesAsync(Path.Combine(files.Directory, "logs", "build.log"))).ShouldBe(["one", "two"]);
    }

    [Fact]
    public async Task A_prompt_is_written_under_prompts_and_its_path_returned()
    {
        await using var files = Open();

        var path = await files.WritePromptAsync("build/attempt-2", "Fix it.\nPlease.", None);

        path.ShouldBe(Path.Combine(files.Directory, "prompts", "build_attempt-2.md"));
        (await File.ReadAllTextAsync(path)).ShouldBe("Fix it.\nPlease.");
    }

    [Fact]
    public void An_unwritable_state_dir_is_NotWritable()
    {
        var stateDir = Unwritable.ReadOnlyDirectory(_stateDir);

        var ex = Should.Throw<StoreException>(() => new RunFilesFactory(stateDir).Open("t1", "r1"));

        ex.Category.ShouldBe(StoreErrorCategory.NotWritable);
        ex.Message.ShouldContain("Check permissions of");
    }

    [SkippableFact]
    public async Task A_full_disk_under_the_event_log_is_DiskFull()
    {
        Skip.IfNot(File.Exists(DevFull), $"{DevFull} is missing: no way to fill a disk here");

        await using var files = Open();
        File.CreateSymbolicLink(Path.Combine(files.Directory, "events.ndjson"), DevFull);

        var ex = await Should.ThrowAsync<StoreException>(() => files.AppendEventsAsync(Samples.NewEvents("r1", 1, 3), None));

        ex.Category.ShouldBe(StoreErrorCategory.DiskFull);
        ex.Message.ShouldContain("events.ndjson");
        ex.Message.ShouldContain("Free disk space");
    }

    [SkippableFact]
    public async Task A_full_disk_under_a_stage_log_is_DiskFull()
    {
        Skip.IfNot(File.Exists(DevFull), $"{DevFull} is missing: no way to fill a disk here");

        await using var files = Open();
        Directory.CreateDirectory(Path.Combine(files.Directory, "logs"));
        File.CreateSymbolicLink(Path.Combine(files.Directory, "logs", "build.log"), DevFull);
        var writer = files.OpenLog("build");

        writer.WriteLine("output");
        Should.Throw<StoreException>(writer.Flush).Category.ShouldBe(StoreErrorCategory.DiskFull);
    }

    [Fact]
    public async Task Stage_logs_are_flushed_when_events_are_appended()
    {
        await using var files = Open();
        files.OpenLog("build").WriteLine("live line");

        await files.AppendEventsAsync([new RunEvent { Seq = 1, TaskId = "t1", RunId = "r1", Data = new RunStartedData { Task = "t", Pipeline = "default" } }], CancellationToken.None);

        (await File.ReadAllTextAsync(Path.Combine(files.Directory, "logs", "build.log"))).ShouldBe("live line" + Environment.NewLine);
    }

    [Fact]
    public async Task Appending_a_hundred_thousand_events_takes_well_under_a_second()
    {
        await using var files = Open();
        var batches = Enumerable.Range(0, 100).Select(b => Samples.NewEvents("r1", 1 + (b * 1_000), 1_000)).ToList();
        await files.AppendEventsAsync(batches[0], None); // warm-up

        var clock = Stopwatch.StartNew();
        foreach (var batch in batches.Skip(1))
        {
            await files.AppendEventsAsync(batch, None);
        }

        clock.Stop();
        output.WriteLine($"RunFiles.AppendEventsAsync: 99,000 events in {clock.ElapsedMilliseconds} ms ({99_000 / clock.Elapsed.TotalSeconds:N0} events/s)");
        File.ReadLines(Path.Combine(files.Directory, "events.ndjson")).Count().ShouldBe(100_000);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10)); // loose on purpose; the figure is printed
    }

    /// <summary>Documents are written through source-generated contracts, with Baton's indented file settings.</summary>
    private static readonly RunFilesTestJson Docs = new(BatonJson.NewOptions(indented: true));
}

internal sealed record TestManifest(string RunId, string[] Stages, int? ExitCode = null, int? Version = null);

internal sealed record TestResult(string Status);

internal sealed class Exploding
{
    public string Name => "x";

    public int Boom => throw new InvalidOperationException("cannot serialize this");
}

[JsonSerializable(typeof(TestManifest))]
[JsonSerializable(typeof(TestResult))]
[JsonSerializable(typeof(Exploding))]
internal sealed partial class RunFilesTestJson : JsonSerializerContext;
