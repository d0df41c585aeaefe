using System.Net;
using System.Text.Json.Nodes;
using Baton.Core.Model;
using Baton.Testing;

namespace Baton.Web.Tests;

/// <summary>Reading and landing a task's branch over the API (the CLI's <c>diff</c>/<c>merge</c> call the same desk), on a real repository.</summary>
public sealed class LandingTests
{
    private const string WritesAFile = "printf 'one\\ntwo\\n' > notes.txt; echo '{\"type\":\"message\",\"text\":\"wrote notes\"}'";

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("null body");

    private static async Task<string> FinishedTaskAsync(WebHarness web, TaskState expected = TaskState.Succeeded, string body = """{"title":"write notes"}""")
    {
        var id = (await JsonOf(await web.PostAsync("/api/v1/tasks", body)))["task"]!["id"]!.GetValue<string>();
        (await Eventually.TrueAsync(async () => (await web.App.Store.GetTaskAsync(id, default))!.State == expected, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue($"task {id} is {(await web.App.Store.GetTaskAsync(id, default))!.State}");
        return id;
    }

    [Fact]
    public async Task The_diff_lists_the_changed_files_and_the_patch()
    {
        await using var web = await WebHarness.StartAsync(WritesAFile);
        var id = await FinishedTaskAsync(web);

        var diff = await JsonOf(await web.Client.GetAsync($"/api/v1/tasks/{id}/diff"));

        diff["branch"]!.GetValue<string>().ShouldBe($"baton/{id}");
        diff["base"]!.GetValue<string>().ShouldBe("main");
        var file = diff["files"]!.AsArray().ShouldHaveSingleItem()!;
        (file["path"]!.GetValue<string>(), file["additions"]!.GetValue<int>(), file["deletions"]!.GetValue<int>()).ShouldBe(("notes.txt", 2, 0));
        diff["patch"]!.GetValue<string>().ShouldContain("+two");
        diff["truncated"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_succeeded_task_is_fast_forwarded_into_main_and_the_checkout_follows()
    {
        await using var web = await WebHarness.StartAsync(WritesAFile);
        var id = await FinishedTaskAsync(web);
        var tip = web.Repo.Git("rev-parse", $"baton/{id}");

        var merged = await web.PostAsync($"/api/v1/tasks/{id}/merge");

        merged.StatusCode.ShouldBe(HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());
        var outcome = await JsonOf(merged);
        outcome["kind"]!.GetValue<string>().ShouldBe("fast_forward");
        web.Repo.Git("rev-parse", "main").ShouldBe(tip);
        File.ReadAllText(web.Repo.PathOf("notes.txt")).ShouldBe("one\ntwo\n");
        web.Repo.Git("status", "--porcelain", "--untracked-files=no").ShouldBeEmpty();
    }

    [Fact]
    public async Task Squash_lands_one_commit_on_top_of_a_main_that_moved()
    {
        await using var web = await WebHarness.StartAsync(WritesAFile);
        var id = await FinishedTaskAsync(web);
        web.Repo.Write("other.txt", "meanwhile\n");
        web.Repo.CommitAll("meanwhile on main");
        var before = web.Repo.Git("rev-parse", "main");

        var outcome = await JsonOf(await web.PostAsync($"/api/v1/tasks/{id}/merge", """{"squash": true}"""));

        outcome["kind"]!.GetValue<string>().ShouldBe("squash");
        web.Repo.Git("rev-parse", "main^").ShouldBe(before);
        web.Repo.Git("rev-list", "--count", "main").ShouldBe("4");   // initial, baton.yaml, meanwhile, the squash
        web.Repo.Git("log", "-1", "--format=%B", "main").ShouldContain(id);
        File.Exists(web.Repo.PathOf("notes.txt")).ShouldBeTrue();
        File.Exists(web.Repo.PathOf("other.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_failed_task_is_refused()
    {
        await using var web = await WebHarness.StartAsync("echo broken > notes.txt; exit 3");
        var id = await FinishedTaskAsync(web, TaskState.Failed);
        var before = web.Repo.Git("rev-parse", "main");

        var refused = await web.PostAsync($"/api/v1/tasks/{id}/merge");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(refused))["detail"]!.GetValue<string>().ShouldContain("only a succeeded task is merged");
        web.Repo.Git("rev-parse", "main").ShouldBe(before);
    }

    [Fact]
    public async Task A_conflicting_branch_is_refused_and_main_and_its_checkout_are_untouched()
    {
        await using var web = await WebHarness.StartAsync("echo 'from the agent' > README.md");
        var id = await FinishedTaskAsync(web);
        web.Repo.Write("README.md", "from a person\n");
        web.Repo.CommitAll("edit README on main");
        var before = web.Repo.Git("rev-parse", "main");

        var refused = await web.PostAsync($"/api/v1/tasks/{id}/merge");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var detail = (await JsonOf(refused))["detail"]!.GetValue<string>();
        detail.ShouldContain("conflicts with main in README.md");
        detail.ShouldContain("nothing was merged");
        web.Repo.Git("rev-parse", "main").ShouldBe(before);
        File.ReadAllText(web.Repo.PathOf("README.md")).ShouldBe("from a person\n");
        web.Repo.Git("status", "--porcelain", "--untracked-files=no").ShouldBeEmpty();
        File.Exists(web.Repo.PathOf(".git/MERGE_HEAD")).ShouldBeFalse();
    }

    [Fact]
    public async Task Uncommitted_changes_on_the_checked_out_main_are_never_overwritten()
    {
        await using var web = await WebHarness.StartAsync(WritesAFile);
        var id = await FinishedTaskAsync(web);
        web.Repo.Write("README.md", "work in progress\n");
        var before = web.Repo.Git("rev-parse", "main");

        var refused = await web.PostAsync($"/api/v1/tasks/{id}/merge");

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(refused))["detail"]!.GetValue<string>().ShouldContain("uncommitted changes");
        web.Repo.Git("rev-parse", "main").ShouldBe(before);
        File.ReadAllText(web.Repo.PathOf("README.md")).ShouldBe("work in progress\n");
    }
}
