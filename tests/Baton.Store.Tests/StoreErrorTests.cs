using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Store;
using Baton.Store.Sqlite;
using Baton.Testing;

namespace Baton.Store.Tests;

public sealed class StoreErrorTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_database_path_that_cannot_be_created_is_NotWritable_and_names_the_directory()
    {
        var root = TempDir.Create("store-err");
        try
        {
            var path = Path.Combine(Unwritable.PathUnderAFile(root), "baton.db");

            var ex = await Should.ThrowAsync<StoreException>(() => SqliteStore.OpenAsync(path, TimeProvider.System, None));

            ex.Category.ShouldBe(StoreErrorCategory.NotWritable);
            ex.Message.ShouldContain(path);
            ex.Message.ShouldContain("Check permissions of");
        }
        finally
        {
            TempDir.Delete(root);
        }
    }

    [Fact]
    public async Task A_database_in_a_read_only_directory_is_NotWritable()
    {
        var root = TempDir.Create("store-err");
        try
        {
            var path = Path.Combine(Unwritable.ReadOnlyDirectory(root), "baton.db");

            var ex = await Should.ThrowAsync<StoreException>(() => SqliteStore.OpenAsync(path, TimeProvider.System, None));

            ex.Category.ShouldBe(StoreErrorCategory.NotWritable);
            ex.Message.ShouldContain(Path.GetDirectoryName(path)!);
        }
        finally
        {
            Unwritable.Restore(root);
            TempDir.Delete(root);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_Corrupt()
    {
        var root = TempDir.Create("store-err");
        try
        {
            var path = Path.Combine(root, "baton.db");
            await File.WriteAllTextAsync(path, new string('x', 8192));

            var ex = await Should.ThrowAsync<StoreException>(() => SqliteStore.OpenAsync(path, TimeProvider.System, None));

            ex.Category.ShouldBe(StoreErrorCategory.Corrupt);
            ex.Message.ShouldContain(path);
        }
        finally
        {
            TempDir.Delete(root);
        }
    }

    [Fact]
    public async Task A_full_disk_is_DiskFull_and_leaves_what_was_stored_intact()
    {
        await using var scope = await StoreScope.OpenAsync();
        var store = scope.Store;
        await store.AddTaskAsync(Samples.NewTask("t1"), Actor.Baton, None);
        await store.AppendEventsAsync(Samples.NewEvents("r1", 1, 100), None);
        // SQLite reports SQLITE_FULL when the file would grow past max_page_count, just as when the volume is full.
        await store.ExecuteOnWriterForTestsAsync("PRAGMA max_page_count = 1", None);

        var big = Samples.NewEvents("r1", 101, 2_000)
            .Select(e => e with { Data = new AgentMessageData { Text = new string('x', 2_000) } })
            .ToList();
        var ex = await Should.ThrowAsync<StoreException>(() => store.AppendEventsAsync(big, None));

        ex.Category.ShouldBe(StoreErrorCategory.DiskFull);
        ex.Message.ShouldContain("Free disk space");
        ex.Message.ShouldContain(scope.DatabasePath);
        (await store.LastSeqAsync("r1", None)).ShouldBe(100);
        (await store.ReadEventsAsync("r1", 0, 1_000, None)).Count.ShouldBe(100);
        (await store.GetTaskAsync("t1", None)).ShouldNotBeNull();
        await store.AddTaskAsync(Samples.NewTask("t2"), Actor.Baton, None); // a small write that fits still works
    }
}
