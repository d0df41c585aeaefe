using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Infra;
using Microsoft.Playwright;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (j) the dashboard with 1,000 runs in history: a repository drained of 1,000 no-op tasks, <c>baton serve</c> on it,
/// and Debian's headless Chromium (Playwright) opening the printed URL. Time = navigation start → the first page of the
/// runs list (100 rows) in the DOM and one animation frame later (painted); 5 fresh pages, median.
/// </summary>
internal static class DashboardPaint
{
    private const int History = 1000;
    private const int Loads = 5;
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<List<double>> MeasureAsync(ScenarioContext ctx, Func<ScenarioContext, BenchRepo, Func<Uri, CancellationToken, Task>, Task> serve)
    {
        if (!File.Exists(Chromium))
        {
            throw new BenchException($"(j) {Chromium} is missing: apt-get install chromium (./run-tests does)");
        }

        var repo = await BenchRepo.CreateAsync(ctx.Temp.NewDir("j-history"), BatonYaml.Single("talker", "true", 4), ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(repo.Path, "..", "history.json"), History, "history", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();
        ScenarioContext.Say($"(j) {History} runs of a no-op agent for the history…");
        (await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], TimeSpan.FromMinutes(10), ctx.Token)).EnsureSuccess();

        var times = new List<double>();
        await serve(ctx, repo, async (url, ct) =>
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            for (var i = 0; i <= Loads; i++)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
                var page = await context.NewPageAsync();
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
                await page.WaitForSelectorAsync("#tasks tbody tr:nth-child(100)", new PageWaitForSelectorOptions { Timeout = 30_000 });
                await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => r()))");
                if (i > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);   // the first load warms the server's JIT and the browser's cache
                }
            }
        });
        ScenarioContext.Say($"(j) dashboard paint with {History} runs: {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms");
        return times;
    }
}
