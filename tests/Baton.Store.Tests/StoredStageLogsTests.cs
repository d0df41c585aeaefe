using Baton.Core.Model;
using Baton.Engine.Execution;
using Baton.Files;
using Baton.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Store.Tests;

/// <summary>A run's stage logs copied into the store as they are written, bounded, and never past the run's loss.</summary>
public sealed class StoredStageLogsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task What_a_stage_writes_reaches_its_file_whole_and_the_store_up_to_the_cap_with_a_pointer_to_the_rest()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("t1"), Actor.Baton, None);
        var run = await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);
        var files = new RunFiles(Path.Combine(scope.Dir, "runs", "t1", "r1"));
        var line = new string('x', 999) + "\n";
        var lines = (StoredStageLogs.MaxChars / line.Length) + 10;

        await using (var logs = new StoredStageLogs(files, scope.Store, "r1", run.Epoch, "host:1", NullLogger.Instance))
        {
            var build = logs.OpenLog("build");
            build.WriteLine("started");
            for (var i = 0; i < lines; i++)
            {
                build.Write(line);
            }

            logs.OpenLog("gates").WriteLine("gate passed");
        }

        var stored = (await scope.Store.ReadStageLogAsync("r1", "build", None))!;
        stored.ShouldStartWith("started\n");
        stored.Length.ShouldBeLessThan(StoredStageLogs.MaxChars + 300);
        stored.ShouldContain("the stored copy of this log ends at 1024 K characters; the whole log is ");
        stored.TrimEnd().ShouldEndWith("build.log on node host:1]");
        new FileInfo(Path.Combine(files.Directory, "logs", "build.log")).Length.ShouldBe(("started\n".Length) + ((long)lines * line.Length), "the file is whole");
        (await scope.Store.ReadStageLogAsync("r1", "gates", None)).ShouldBe("gate passed\n");
    }

    [Fact]
    public async Task A_node_that_lost_the_run_stores_nothing_more_of_its_logs()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("t1"), Actor.Baton, None);
        var run = await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1") with { Owner = new RunOwner("a", 1, 1) }, None);
        var files = new RunFiles(Path.Combine(scope.Dir, "runs", "t1", "r1"));

        await using (var logs = new StoredStageLogs(files, scope.Store, "r1", run.Epoch, "a:1", NullLogger.Instance))
        {
            var build = logs.OpenLog("build");
            build.WriteLine("before");
            await Eventually.TrueAsync(async () => await scope.Store.ReadStageLogAsync("r1", "build", None) is not null, TimeSpan.FromSeconds(5));
            (await scope.Store.TryTakeOwnershipAsync("r1", run.Owner, new RunOwner("b", 2, 2), DateTimeOffset.UtcNow, None)).ShouldNotBeNull();
            build.WriteLine("after the takeover");
        }

        (await scope.Store.ReadStageLogAsync("r1", "build", None)).ShouldBe("before\n");
    }
}
