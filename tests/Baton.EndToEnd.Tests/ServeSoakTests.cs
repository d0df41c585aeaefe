using System.Diagnostics;
using System.Globalization;
using System.Text;
using Baton.Testing;
using Xunit.Abstractions;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// 300 runs through one <c>baton serve</c>: what the process holds (open file descriptors, threads, resident memory)
/// after the first 150 runs is what it holds after all 300 — nothing is kept per finished run. The first runs are the
/// warm-up: the garbage collector's heap grows to a budget that depends on the machine (its cache sizes; 77 → 123 MB
/// over the first 200 runs here, then under 1 MB per 150 runs to 650).
/// </summary>
public sealed class ServeSoakTests(ITestOutputHelper output)
{
    private const string Config = """
        version: 1
        max_concurrent_runs: 4
        agents: {}
        server: { enabled: false }
        pipelines:
          default:
            stages: [ { id: work, command: "echo $BATON_TASK_ID > out.txt" } ]
            gates: [ "test -s out.txt" ]
        """;

    private sealed record Holdings(int Fds, int Threads, long RssKb);

    [Fact]
    public async Task Three_hundred_runs_in_one_serve_leave_handles_threads_and_memory_where_the_first_hundred_and_fifty_left_them()
    {
        using var p = new BatonProject(Config);
        using var serve = BatonCli.Start(p.Path, null, "serve");
        // Read what serve prints (a line or two per run): a pipe nobody reads fills at 64 KB and stops the writer.
        serve.OutputDataReceived += (_, _) => { };
        serve.ErrorDataReceived += (_, _) => { };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            await QueueAndFinishAsync(p, "warm", 150, total: 150);
            await SettledAsync(serve.Id);
            var warm = Measure(serve.Id);

            await QueueAndFinishAsync(p, "soak", 150, total: 300);
            await SettledAsync(serve.Id);
            var after = Measure(serve.Id);

            output.WriteLine($"after 150 runs: {warm}; after 300: {after}");
            after.Fds.ShouldBeLessThanOrEqualTo(warm.Fds + 4, $"file descriptors grew with the runs: {warm} → {after}");
            after.Threads.ShouldBeLessThanOrEqualTo(warm.Threads + 6, $"threads grew with the runs: {warm} → {after}");
            after.RssKb.ShouldBeLessThan(warm.RssKb + (20 * 1024), $"memory grew with the runs: {warm} → {after}");
        }
        finally
        {
            Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            await serve.WaitForExitAsync();
        }
    }

    private static async Task QueueAndFinishAsync(BatonProject p, string prefix, int count, int total)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""{"id": "{{prefix}}-{{i}}", "title": "{{prefix}} {{i}}"}""");
        }

        var file = p.Repo.PathOf($"{prefix}.json");
        File.WriteAllText(file, json.Append(']').ToString());
        (await p.RunAsync("tasks", "sync", file, "--apply")).ExitCode.ShouldBe(0);
        var done = await Eventually.TrueAsync(async () =>
        {
            var (result, list) = await p.JsonAsync("tasks", "list", "--state", "succeeded", "--limit", "1000");
            return result.ExitCode == 0 && list!.AsArray().Count == total;
        }, TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(1));
        done.ShouldBeTrue($"{total} runs did not all succeed in time");
    }

    /// <summary>Every run's processes are gone: serve's only child left is its watchdog.</summary>
    private static async Task SettledAsync(int pid) =>
        (await Eventually.TrueAsync(() => ChildrenOf(pid) <= 1, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue($"serve still has {ChildrenOf(pid)} children after its runs finished");

    private static int ChildrenOf(int pid) =>
        Directory.EnumerateDirectories("/proc").Where(dir => char.IsAsciiDigit(Path.GetFileName(dir)[0])).Count(dir =>
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields[0] is not ("Z" or "X") && fields[1] == pid.ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;   // exited meanwhile
            }
        });

    private static Holdings Measure(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        long Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return new Holdings(Directory.GetFiles($"/proc/{pid}/fd").Length, (int)Field("Threads"), Field("VmRSS"));
    }
}
