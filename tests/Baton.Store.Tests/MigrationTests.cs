using Baton.Core.Model;
using Baton.Core.Store;
using Baton.Store.Sqlite;
using Baton.Store.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task A_new_database_gets_every_step_and_feature_once()
    {
        await using var scope = await StoreScope.OpenAsync();

        Migrations.Latest.ShouldBe(3);
        Migrations.All.ShouldBe(Migrations.Latest + Migrations.Features.Count);
        scope.Store.SchemaVersion.ShouldBe(Migrations.All);
        (await CountAsync(scope.DatabasePath, "SELECT count(*) FROM schema_migrations")).ShouldBe(Migrations.Latest);
        (await CountAsync(scope.DatabasePath, "SELECT count(*) FROM schema_features")).ShouldBe(Migrations.Features.Count);
        (await ReadAllAsync(scope.DatabasePath, "SELECT name FROM schema_features ORDER BY rowid"))
            .ShouldBe(Migrations.Features.Select(f => f.Name));
    }

    [Fact]
    public void Feature_names_are_unique()
    {
        Migrations.Features.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count().ShouldBe(Migrations.Features.Count);
    }

    [Fact]
    public async Task Reopening_is_a_no_op_that_keeps_the_data()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("a"), Actor.Baton, CancellationToken.None);

        var again = await scope.OpenAnotherAsync();

        again.SchemaVersion.ShouldBe(Migrations.All);
        (await CountAsync(scope.DatabasePath, "SELECT count(*) FROM schema_migrations")).ShouldBe(Migrations.Latest);
        (await CountAsync(scope.DatabasePath, "SELECT count(*) FROM schema_features")).ShouldBe(Migrations.Features.Count);
        (await again.GetTaskAsync("a", CancellationToken.None)).ShouldNotBeNull();
        (await again.LastPositionAsync(CancellationToken.None)).ShouldBe(1);
    }

    [Fact]
    public async Task Processes_opening_a_new_database_at_once_migrate_it_once()
    {
        await using var scope = await StoreScope.OpenAsync();
        var path = Path.Combine(scope.Dir, "fresh.db");

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => SqliteStore.OpenAsync(path, TimeProvider.System, CancellationToken.None))));

        try
        {
            stores.ShouldAllBe(s => s.SchemaVersion == Migrations.All);
            (await CountAsync(path, "SELECT count(*) FROM schema_migrations")).ShouldBe(Migrations.Latest);
            (await CountAsync(path, "SELECT count(*) FROM schema_features")).ShouldBe(Migrations.Features.Count);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_database_uses_write_ahead_logging()
    {
        await using var scope = await StoreScope.OpenAsync();

        using var connection = new SqliteConnection($"Data Source={scope.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        (command.ExecuteScalar() as string).ShouldBe("wal");
    }

    [Fact]
    public async Task A_database_from_a_newer_Baton_is_refused_with_advice_to_upgrade()
    {
        await using var scope = await StoreScope.OpenAsync();
        await ExecuteAsync(scope.DatabasePath,
            $"INSERT INTO schema_migrations (version, applied_at) VALUES ({Migrations.Latest + 1}, '2030-01-01T00:00:00.000Z')");

        var ex = await Should.ThrowAsync<StoreException>(() => scope.OpenAnotherAsync());

        ex.Category.ShouldBe(StoreErrorCategory.Newer);
        ex.Message.ShouldContain("Upgrade Baton");
        ex.Message.ShouldContain(scope.DatabasePath);
    }

    [Fact]
    public async Task A_database_with_a_feature_this_Baton_does_not_know_is_refused_with_advice_to_upgrade()
    {
        await using var scope = await StoreScope.OpenAsync();
        await ExecuteAsync(scope.DatabasePath,
            "INSERT INTO schema_features (name, applied_at) VALUES ('from-the-future', '2030-01-01T00:00:00.000Z')");

        var ex = await Should.ThrowAsync<StoreException>(() => scope.OpenAnotherAsync());

        ex.Category.ShouldBe(StoreErrorCategory.Newer);
        ex.Message.ShouldContain("Upgrade Baton");
        ex.Message.ShouldContain("from-the-future");
        ex.Message.ShouldContain(scope.DatabasePath);
    }

    internal static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    internal static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of every row, as text.</summary>
    internal static async Task<List<string>> ReadAllAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        for (var row = 0; row < 100_000 && reader.Read(); row++)
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
