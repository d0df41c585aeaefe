using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>The application layer as a user meets it on the command line: queue pause, cancel, oversight seams, bad input.</summary>
public sealed class DeskCommandTests
{
    private const string Config = """
        version: 1
        agents:
          shell: { kind: command, command: "echo work > w.txt" }
        pipelines:
          default:
            stages: [ { id: build, kind: agent, role: builder } ]
            gates: [ "test -f w.txt" ]
        """;

    private static List<JsonObject> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public async Task A_paused_queue_starts_nothing_until_it_is_resumed()
    {
        using var p = new BatonProject(Config);
        (await p.RunAsync("queue", "pause")).ExitCode.ShouldBe(0);
        var (_, added) = await p.JsonAsync("tasks", "add", "wait for the queue");
        var taskId = (string)added!["id"]!;

        var idle = await p.RunAsync("loop", "--once");
        var (_, paused) = await p.JsonAsync("queue", "status");
        var stillQueued = (string)(await p.JsonAsync("tasks", "show", taskId)).Json!["task"]!["state"]!;
        (await p.RunAsync("queue", "resume")).ExitCode.ShouldBe(0);
        var worked = await p.RunAsync("loop", "--once");

        idle.ExitCode.ShouldBe(0, idle.ToString());
        ((bool)paused!["paused"]!).ShouldBeTrue();
        stillQueued.ShouldBe("queued");
        worked.ExitCode.ShouldBe(0, worked.ToString());
        ((string)(await p.JsonAsync("tasks", "show", taskId)).Json!["task"]!["state"]!).ShouldBe("succeeded");
    }

    [Fact]
    public async Task Cancel_is_an_event_by_the_user_and_a_second_cancel_is_refused()
    {
        using var p = new BatonProject(Config);
        var taskId = (string)(await p.JsonAsync("tasks", "add", "not needed")).Json!["id"]!;

        var first = await p.RunAsync("tasks", "cancel", taskId);
        var second = await p.RunAsync("tasks", "cancel", taskId);

        first.ExitCode.ShouldBe(0, first.ToString());
        second.ExitCode.ShouldBe(2);
        second.Stderr.ShouldContain("already cancelled");
        var events = Lines((await p.RunAsync("events", "--task", taskId, "--format", "json")).Stdout);
        events.Select(e => (string)e["type"]!).ShouldBe(["task.queued", "task.state"]);
        ((string)events[1]["data"]!["state"]!).ShouldBe("cancelled");
        ((string)events[1]["data"]!["by"]!).ShouldEndWith("(cli)");
    }

    [Fact]
    public async Task Approve_deny_and_answer_say_nothing_is_waiting_review_asks_for_reviewers_and_unknown_runs_are_named()
    {
        using var p = new BatonProject(Config);
        var runId = (string)(await p.JsonAsync("run", "work")).Json!["run_id"]!;

        foreach (var args in new[] { new[] { "approve", runId }, ["deny", runId, "--reason", "no"], ["answer", runId, "yes"] })
        {
            var result = await p.RunAsync(args);
            result.ExitCode.ShouldBe(2, result.ToString());
            result.Stderr.ShouldContain("nothing is waiting");
        }

        var review = await p.RunAsync("review", runId);
        review.ExitCode.ShouldBe(2, review.ToString());
        review.Stderr.ShouldContain("has no review stage");

        var unknown = await p.RunAsync("approve", "r-nope");
        unknown.ExitCode.ShouldBe(2);
        unknown.Stderr.ShouldContain("no run `r-nope`");
    }

    [Fact]
    public async Task A_bad_task_lists_every_problem_and_stores_nothing()
    {
        using var p = new BatonProject(Config);

        var bad = await p.RunAsync("tasks", "add", "bad one", "--agent", "ghost", "--depends-on", "t-nope", "--pipeline", "nope");

        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("nothing was queued");
        bad.Stderr.ShouldContain("unknown agent `ghost`");
        bad.Stderr.ShouldContain("no task `t-nope`");
        bad.Stderr.ShouldContain("unknown pipeline `nope`");
        (await p.RunAsync("events", "--format", "json")).Stdout.Trim().ShouldBeEmpty();
        ((JsonArray)(await p.JsonAsync("tasks", "list")).Json!).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_problem_every_task_of_a_file_shares_is_said_once_with_how_many()
    {
        using var p = new BatonProject("version: 1\nagents: {}\n");
        var file = Path.Combine(p.Scratch, "tasks.md");
        File.WriteAllLines(file, ["# Tasks", .. Enumerable.Range(0, 50).Select(i => $"- [ ] task {i}")]);

        var bad = await p.RunAsync("tasks", "sync", file, "--apply");

        bad.ExitCode.ShouldBe(2, bad.ToString());
        bad.Stderr.ShouldContain("50 problem(s) in the tasks; nothing was queued");
        bad.Stderr.ShouldContain("50 tasks (task 0, task 1, task 2, …): agent: no agent configured");
        bad.Stderr.Split('\n').Count(l => l.Contains("no agent configured", StringComparison.Ordinal)).ShouldBe(1, bad.Stderr);
    }
}
