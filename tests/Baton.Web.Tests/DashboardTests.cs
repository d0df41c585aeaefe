using System.Text.RegularExpressions;
using Baton.Core.Agents;
using Baton.Core.Model;
using Baton.Testing;
using Microsoft.Playwright;

namespace Baton.Web.Tests;

/// <summary>
/// The dashboard in real headless Chromium against a real server, store, repository and agent process: what a new
/// user does — submit a task from the form, watch it stream, read the diff, stop a run — with screenshots as artefacts.
/// </summary>
[Trait(Needs.Trait, Needs.Chromium)]
public sealed class DashboardTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task SubmitAsync(IPage page, string title, string prompt)
    {
        await page.ClickAsync("#new-task");
        await page.FillAsync("input[name=title]", title);
        await page.FillAsync("textarea[name=prompt]", prompt);
        await page.ClickAsync("#task-form button[type=submit]");
    }

    private static async Task<RunRecord> RunOfAsync(WebHarness web, string title)
    {
        RunRecord? run = null;
        (await Eventually.TrueAsync(async () =>
        {
            var task = (await web.App.Store.ListTasksAsync(new Core.Ports.TaskQuery(), default)).FirstOrDefault(t => t.Title == title);
            run = task is null ? null : (await web.App.Store.ListRunsForTaskAsync(task.Id, default)) is [var r, ..] ? r : null;
            return run is not null;
        }, Patience)).ShouldBeTrue();
        return run!;
    }

    [Fact]
    public async Task A_task_submitted_from_the_form_streams_live_and_its_diff_is_shown()
    {
        await using var web = await WebHarness.StartAsync(
            "printf 'hello\\n' > greeting.txt; " + WebHarness.PrintingAgent(120, 0.02));
        var offMachine = new List<string>();
        var page = await browser.PageAsync(offMachine);
        await page.GotoAsync(web.Server.Url.ToString());

        await SubmitAsync(page, "greet the world", "write greeting.txt");
        var link = page.Locator("#tasks a", new() { HasText = "greet the world" });
        await link.WaitForAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await link.ClickAsync();

        var output = page.Locator("#output .ev.message");
        await Assertions.Expect(output.First).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        var early = await output.CountAsync();
        await Assertions.Expect(page.Locator("#output")).ToContainTextAsync("line 120", new() { Timeout = (float)Patience.TotalMilliseconds });
        (await output.CountAsync()).ShouldBe(120);
        early.ShouldBeLessThan(120, "the output was already complete when the page first showed it: nothing was seen streaming");
        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#timeline li[data-stage=build] .state")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(page.Locator("#diff-files")).ToContainTextAsync("greeting.txt", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#diff-patch .add", new() { HasText = "+hello" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "run-page-light");

        await page.ClickAsync("a[href='#/']");
        await Assertions.Expect(page.Locator("#tasks tbody tr").First.Locator(".state").First).ToHaveTextAsync("succeeded");
        await Browser.ScreenshotAsync(page, "task-list-light");
        offMachine.ShouldBeEmpty();
    }

    [Fact]
    public async Task Stop_ends_a_live_run_and_the_page_says_so()
    {
        await using var web = await WebHarness.StartAsync(WebHarness.PrintingAgent(2000, 0.05));
        await web.PostAsync("/api/v1/tasks", """{"title":"long job"}""");
        var run = await RunOfAsync(web, "long job");
        var page = await browser.PageAsync([], ColorScheme.Dark);
        // The node holding the live run (this process serves and runs it), on the list and on the run's page.
        var node = $"{Environment.MachineName}:{Environment.ProcessId}";
        await page.GotoAsync(web.Server.Url.ToString());
        await Assertions.Expect(page.Locator($"#tasks tr[data-task='{run.TaskId}'] td.node")).ToHaveTextAsync(node, new() { Timeout = (float)Patience.TotalMilliseconds });
        await page.GotoAsync($"{web.Server.Url}#/runs/{run.Id}");
        await Assertions.Expect(page.Locator("#output .ev.message").First).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#node")).ToContainTextAsync(node);

        await page.ClickAsync("#stop");

        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("stopped", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#node")).ToHaveCountAsync(0);
        (await web.App.Store.GetRunAsync(run.Id, default))!.State.ShouldBe(RunState.Stopped);
        await Assertions.Expect(page.Locator("#stop")).ToBeDisabledAsync();
        await Browser.ScreenshotAsync(page, "run-stopped-dark");
    }

    [Fact]
    public async Task A_bad_task_shows_each_problem_in_the_form_and_approve_is_off_while_nothing_waits()
    {
        await using var web = await WebHarness.StartAsync();
        var page = await browser.PageAsync([]);
        await page.GotoAsync(web.Server.Url.ToString());
        await page.ClickAsync("#new-task");
        await page.FillAsync("input[name=title]", "x");
        await page.FillAsync("input[name=agent]", "nobody");
        await page.ClickAsync("#task-form button[type=submit]");

        await Assertions.Expect(page.Locator("#task-errors")).ToContainTextAsync("nobody");
        (await web.App.Store.ListTasksAsync(new Core.Ports.TaskQuery(), default)).ShouldBeEmpty();

        await page.ClickAsync("#task-cancel");
        await web.PostAsync("/api/v1/tasks", """{"title":"quick"}""");
        var run = await RunOfAsync(web, "quick");
        await page.GotoAsync($"{web.Server.Url}#/runs/{run.Id}");
        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#approve")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#deny")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task A_run_waiting_for_a_person_shows_its_question_and_a_badge_and_approve_lets_it_finish()
    {
        await using var web = await WebHarness.StartAsync("echo built > built.txt",
            stages: "[ { id: build, kind: agent }, { id: sign-off, kind: approval, prompt: \"Ship the greeting?\" } ]",
            extraYaml: "policy: { approval: on-request }");
        await web.PostAsync("/api/v1/tasks", """{"title":"needs a yes"}""");
        var run = await RunOfAsync(web, "needs a yes");
        var page = await browser.PageAsync([]);
        await page.GotoAsync(web.Server.Url.ToString());
        await Assertions.Expect(page.Locator("#waiting")).ToHaveTextAsync("1 waiting for a person", new() { Timeout = (float)Patience.TotalMilliseconds });

        await page.GotoAsync($"{web.Server.Url}#/runs/{run.Id}");
        await Assertions.Expect(page.Locator("#question")).ToContainTextAsync("Ship the greeting?", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Browser.ScreenshotAsync(page, "run-waiting-light");
        await page.ClickAsync("#approve");

        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#question")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#output")).ToContainTextAsync("approved by");
        (await web.App.Store.ListApprovalsAsync(run.Id, default)).ShouldHaveSingleItem().AnsweredBy.ShouldNotBeNull().ShouldEndWith("(http)");
    }

    [Fact]
    public async Task With_a_token_the_browser_signs_in_once_and_sees_the_queue()
    {
        const string token = "dashboard-token-0123456789";
        await using var web = await WebHarness.StartAsync(work: false, tokens: [new Web.ApiToken("alice", new AgentSecret(token))]);
        await web.Client.SendAsync(WebHarness.Request(HttpMethod.Post, "/api/v1/tasks", token, """{"title":"waiting in line"}"""));
        var page = await browser.PageAsync([]);

        await page.GotoAsync(web.Server.Url.ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#tasks")).ToContainTextAsync("waiting in line", new() { Timeout = (float)Patience.TotalMilliseconds });
        (await page.Context.CookiesAsync()).ShouldContain(c => c.Name == "baton_session" && c.HttpOnly && c.SameSite == SameSiteAttribute.Strict);
    }
}
