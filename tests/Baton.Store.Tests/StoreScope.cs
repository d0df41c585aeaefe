using Baton.Store.Sqlite;
using Baton.Testing;

namespace Baton.Store.Tests;

/// <summary>A fresh database in a temporary directory; more stores can be opened on the same file.</summary>
internal sealed class StoreScope : IAsyncDisposable
{
    private readonly List<SqliteStore> _stores = [];

    private StoreScope(string dir)
    {
        Dir = dir;
        DatabasePath = Path.Combine(dir, "baton.db");
    }

    public string Dir { get; }

    public string DatabasePath { get; }

    public SqliteStore Store => _stores[0];

    public static async Task<StoreScope> OpenAsync()
    {
        var scope = new StoreScope(TempDir.Create("store"));
        await scope.OpenAnotherAsync();
        return scope;
    }

    public async Task<SqliteStore> OpenAnotherAsync()
    {
        var store = await SqliteStore.OpenAsync(DatabasePath, TimeProvider.System, CancellationToken.None);
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        TempDir.Delete(Dir);
    }
}
