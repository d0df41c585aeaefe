using Baton.Core.Model;
using Baton.ModelServer;
using Baton.Testing;
using Microsoft.Playwright;

namespace Baton.Web.Tests;

/// <summary>
/// A command the agent waits on, answered from the dashboard: a real Claude Code (over its control protocol, pointed at
/// the scripted model server) asks to run a command <c>policy.confirm_commands</c> names; the run page shows the question
/// with live Approve and Deny while the agent's process waits, and the click decides whether the command runs.
/// </summary>
[Trait(Needs.Trait, Needs.Chromium)]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class CommandConfirmationTests(Browser browser) : IClassFixture<Browser>
{
    private const string Command = "touch confirmed.txt";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static LocatorAssertionsToContainTextOptions Within => new() { Timeout = (float)Patience.TotalMilliseconds };

    [Fact]
    public async Task Approve_on_the_run_page_lets_the_waiting_agent_run_the_command()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        await using var web = await StartAsync(model);
        var (page, list, run, question) = await AskedAsync(web);

        await AnswerAsync(page, "#approve", "approved");

        await Assertions.Expect(page.Locator("#output")).ToContainTextAsync("approved by", Within);
        await AnsweredAsync(page, list);
        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#diff-files")).ToContainTextAsync("confirmed.txt", Within);
        File.Exists(WorkspaceFile(web, run)).ShouldBeTrue("the approved command ran in the run's workspace");
        var answer = (await web.App.Store.ListApprovalsAsync(run.Id, default)).ShouldHaveSingleItem();
        answer.Id.ShouldBe(question);
        answer.Answer.ShouldBe(ApprovalAnswer.Approved);
        answer.AnsweredBy.ShouldNotBeNull().ShouldEndWith("(http)");
        await Browser.ScreenshotAsync(page, "command-approved-light");
    }

    [Fact]
    public async Task Deny_on_the_run_page_keeps_the_command_from_running_and_the_agent_is_told_why()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        await using var web = await StartAsync(model);
        var (page, list, run, question) = await AskedAsync(web);

        await AnswerAsync(page, "#deny", "denied");

        await Assertions.Expect(page.Locator("#output .ev.approval", new() { HasText = "denied by" })).ToContainTextAsync("denied from the dashboard", Within);
        await AnsweredAsync(page, list);
        // The agent is told and goes on: the scripted model ends its turn once it reads the refusal.
        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#diff")).ToContainTextAsync("No changes", Within);
        File.Exists(WorkspaceFile(web, run)).ShouldBeFalse("the denied command never ran");
        model.ModelTurns.ShouldContain(r => r.Normalized!.AllText.Contains("denied from the dashboard", StringComparison.Ordinal));
        var answer = (await web.App.Store.ListApprovalsAsync(run.Id, default)).ShouldHaveSingleItem();
        answer.Id.ShouldBe(question);
        answer.Answer.ShouldBe(ApprovalAnswer.Denied);
        answer.AnsweredBy.ShouldNotBeNull().ShouldEndWith("(http)");
        await Browser.ScreenshotAsync(page, "command-denied-light");
    }

    private static Task<WebHarness> StartAsync(ScriptedModelServer model) => WebHarness.StartAsync(
        agents: $"claude: {{ kind: claude, command: \"{AgentClis.Path("claude")}\", base_url: \"{model.BaseUrl.ToString().TrimEnd('/')}\", model: claude-sonnet-4-5, timeout: 3m }}",
        stages: "[ { id: build, kind: agent, agent: claude } ]",
        // Long enough that only a click can answer within the test's patience: Baton's own "no" would come minutes later.
        extraYaml: "policy: { confirm_commands: [\"touch confirmed\"], confirm_timeout: 5m }");

    /// <summary>
    /// A task whose agent asks to run <see cref="Command"/>, its run page open and showing the question: the run still
    /// running, the question unanswered, the command not run, and both buttons live; the task list, opened then, counts
    /// it as waiting for a person (as <c>baton status</c> does), though the task is running rather than parked.
    /// </summary>
    private async Task<(IPage Page, IPage List, RunRecord Run, string Question)> AskedAsync(WebHarness web)
    {
        (await web.PostAsync("/api/v1/tasks", $$"""{"title":"touch a file","prompt":"RUN_SHELL: {{Command}}"}""")).EnsureSuccessStatusCode();
        var run = await RunOfAsync(web);
        var page = await browser.PageAsync([]);
        await page.GotoAsync($"{web.Server.Url}#/runs/{run.Id}");

        await Assertions.Expect(page.Locator("#question")).ToContainTextAsync($"may the agent run `{Command}`?", Within);
        await Assertions.Expect(page.Locator("#question")).ToContainTextAsync("Waiting for a person");
        await Assertions.Expect(page.Locator("#approve")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#deny")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#run-state .state")).ToHaveTextAsync("running");
        await Assertions.Expect(page.Locator(".facts")).Not.ToContainTextAsync("undefined");
        var pending = (await web.App.Store.ListApprovalsAsync(run.Id, default)).ShouldHaveSingleItem();
        pending.IsPending.ShouldBeTrue("the page shows a question nobody has answered");
        pending.Kind.ShouldBe(ApprovalKind.Command);
        (await web.App.Store.GetRunAsync(run.Id, default))!.State.ShouldBe(RunState.Running, "the agent waits with its process: the run is not parked");
        File.Exists(WorkspaceFile(web, run)).ShouldBeFalse("nothing runs before the answer");
        await Browser.ScreenshotAsync(page, "command-waiting-light");

        var list = await browser.PageAsync([]);
        await list.GotoAsync(web.Server.Url.ToString());
        await Assertions.Expect(list.Locator("#waiting")).ToHaveTextAsync("1 waiting for a person");
        await Assertions.Expect(list.Locator($"#tasks tr[data-task='{run.TaskId}'] .state").First).ToHaveTextAsync("running");
        return (page, list, run, pending.Id);
    }

    /// <summary>
    /// A click on <paramref name="button"/>: once the page says the answer was taken, neither button is live — at once,
    /// not only when the agent's process has read the answer and <c>approval.answered</c> comes back.
    /// </summary>
    private static async Task AnswerAsync(IPage page, string button, string said)
    {
        await page.ClickAsync(button);
        await Assertions.Expect(page.Locator("#toast")).ToHaveTextAsync(said);
        (await page.Locator("#approve").IsDisabledAsync()).ShouldBeTrue("approve is live after the answer was taken");
        (await page.Locator("#deny").IsDisabledAsync()).ShouldBeTrue("deny is live after the answer was taken");
    }

    /// <summary>The answered state a person sees: the question gone, neither button live, and the list's count gone with it.</summary>
    private static async Task AnsweredAsync(IPage page, IPage list)
    {
        await Assertions.Expect(page.Locator("#question")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#approve")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#deny")).ToBeDisabledAsync();
        await Assertions.Expect(list.Locator("#waiting")).ToBeHiddenAsync();
    }

    private static async Task<RunRecord> RunOfAsync(WebHarness web)
    {
        RunRecord? run = null;
        (await Eventually.TrueAsync(async () =>
        {
            run = await web.App.Store.ListTasksAsync(new Core.Ports.TaskQuery(), default) is [var task, ..]
                && await web.App.Store.ListRunsForTaskAsync(task.Id, default) is [var r, ..] ? r : null;
            return run is not null;
        }, Patience)).ShouldBeTrue("the task never started a run");
        return run!;
    }

    private static string WorkspaceFile(WebHarness web, RunRecord run) => Path.Combine(web.App.Services.StateDir, "workspaces", run.TaskId, "confirmed.txt");
}
