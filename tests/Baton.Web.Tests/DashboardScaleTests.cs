using Baton.Core.Model;
using Baton.Testing;
using Microsoft.Playwright;

namespace Baton.Web.Tests;

/// <summary>The dashboard with a long history and a loud run: paging, and a run of 10,000 events streamed to the end.</summary>
[Trait(Needs.Trait, Needs.Chromium)]
public sealed class DashboardScaleTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_thousand_tasks_are_paged_newest_first()
    {
        await using var web = await WebHarness.StartAsync(work: false);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < 1000; i++)
        {
            var at = start.AddSeconds(i);
            var task = new TaskItem { Id = $"t{i:D4}history", Title = $"old task {i}", CreatedAt = at, UpdatedAt = at };
            await web.App.Store.AddTaskAsync(task, Actor.Baton, default);
            await web.App.Store.AddRunAsync(new RunRecord { Id = $"r{i:D4}history", TaskId = task.Id, Pipeline = "default", CreatedAt = at }, default);
        }

        var page = await browser.PageAsync([]);
        await page.GotoAsync(web.Server.Url.ToString());

        var rows = page.Locator("#tasks tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(100, new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(rows.First).ToContainTextAsync("old task 999");
        await page.ClickAsync("#more");
        await Assertions.Expect(rows).ToHaveCountAsync(500, new() { Timeout = (float)Patience.TotalMilliseconds });
        await Browser.ScreenshotAsync(page, "task-list-1000", fullPage: false);
    }

    [Fact]
    public async Task A_run_of_ten_thousand_events_streams_to_its_end_and_the_page_keeps_the_last_five_thousand()
    {
        await using var web = await WebHarness.StartAsync("for i in $(seq 1 10000); do echo \"{\\\"type\\\":\\\"message\\\",\\\"text\\\":\\\"line $i\\\"}\"; done; sleep 1");
        await web.PostAsync("/api/v1/tasks", """{"title":"loud"}""");
        RunRecord? run = null;
        (await Eventually.TrueAsync(async () => (run = (await web.App.Store.ListRunsAsync(1, default)) is [var r] ? r : null) is not null, Patience)).ShouldBeTrue();
        var page = await browser.PageAsync([]);

        await page.GotoAsync($"{web.Server.Url}#/runs/{run!.Id}");

        await Assertions.Expect(page.Locator("#output")).ToContainTextAsync("line 10000", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        (await page.Locator("#output .ev").CountAsync()).ShouldBeLessThanOrEqualTo(5000);
        await Assertions.Expect(page.Locator("#output .ev.message").Last).ToHaveTextAsync("agentline 10000");
    }
}
