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
        while (await store.ClaimNextTaskAsync(Samples.T0.AddHours(1), CancellationToken.None) is { } task)
        {
            Console.WriteLine(task.Id);
        }

        return 0;
    }
}
