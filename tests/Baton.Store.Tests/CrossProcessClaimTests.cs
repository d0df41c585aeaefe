using System.Diagnostics;
using Baton.Core.Model;
using Xunit.Abstractions;

namespace Baton.Store.Tests;

public sealed class CrossProcessClaimTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Claim_never_gives_the_same_task_to_two_processes()
    {
        await using var scope = await StoreScope.OpenAsync();
        const int count = 1_500;
        for (var i = 0; i < count; i++)
        {
            await scope.Store.AddTaskAsync(Samples.NewTask($"t{i:D4}", priority: i % 5), Actor.Baton, CancellationToken.None);
        }

        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker(scope.DatabasePath)).ToList();
        try
        {
            // A barrier, not a sleep: every worker has opened the store before any starts claiming.
            foreach (var worker in workers)
            {
                (await worker.StandardOutput.ReadLineAsync()).ShouldBe("ready");
            }

            foreach (var worker in workers)
            {
                await worker.StandardInput.WriteLineAsync("go");
                await worker.StandardInput.FlushAsync();
            }

            var outputs = await Task.WhenAll(workers.Select(async w =>
            {
                var text = await w.StandardOutput.ReadToEndAsync();
                await w.WaitForExitAsync();
                w.ExitCode.ShouldBe(0, await w.StandardError.ReadToEndAsync());
                return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }));

            output.WriteLine($"claims per process: {string.Join(", ", outputs.Select(o => o.Length))}");
            var claimed = outputs.SelectMany(o => o).ToList();
            claimed.Count.ShouldBe(count);
            claimed.Distinct().Count().ShouldBe(count);
        }
        finally
        {
            foreach (var worker in workers.Where(w => !w.HasExited))
            {
                worker.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartWorker(string databasePath)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", typeof(Program).Assembly.Location, "claim", databasePath })
        {
            psi.ArgumentList.Add(arg);
        }

        return Process.Start(psi)!;
    }
}
