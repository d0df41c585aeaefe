using Baton.Store.Sqlite;

namespace Baton.Matrix.Tests;

/// <summary>A real SQLite store in a temporary directory, reopenable to play a restart.</summary>
public sealed class StoreScope : IAsyncDisposable
{
    private readonly string _dir = TempDir.Create("matrix-store");

    public SqliteStore Store { get; private set; } = null!;

    public string Path => System.IO.Path.Combine(_dir, "baton.db");

    public static async Task<StoreScope> OpenAsync()
    {
        var scope = new StoreScope();
        scope.Store = await SqliteStore.OpenAsync(scope.Path, TimeProvider.System, CancellationToken.None);
        return scope;
    }

    /// <summary>Closes the store and opens the same file again, as a restarted process would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await SqliteStore.OpenAsync(Path, TimeProvider.System, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
