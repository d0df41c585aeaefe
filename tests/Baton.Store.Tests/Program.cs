using Baton.Store.Sqlite;

namespace Baton.Store.Tests;

/// <summary>
/// Entry point used only when a test starts this assembly as a separate process (<c>dotnet exec … claim &lt;db&gt;</c>):
/// opens the store, says "ready", waits for a line on stdin, then claims tasks until none is left, printing each id.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["claim", var databasePath])
        {
            await Console.Error.WriteLineAsync("usage: claim <database>");
            return 2;
        }

        await using var store = await SqliteStore.OpenAsync(databasePath, TimeProvider.System, CancellationToken.None);
        Console.WriteLine("ready");
        Console.ReadLine();
        // Bounded: no test adds anywhere near this many tasks.
        for (var i = 0; i < 100_000 && await store.ClaimNextTaskAsync(Samples.Claimer, Samples.T0.AddHours(1), CancellationToken.None) is { } claim; i++)
        {
            Console.WriteLine(claim.Task.Id);
        }

        return 0;
    }
}
