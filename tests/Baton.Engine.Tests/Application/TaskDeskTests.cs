using Baton.Core.Application;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Tasks;
using Baton.Engine.Application;
using Baton.Engine.Tests.Integration;
using Baton.Testing;

namespace Baton.Engine.Tests.Application;

/// <summary>The application layer over the real engine: every operation, its refusals, who asked, and the events it leaves.</summary>
[Trait("Category", "Integration")]
public sealed class TaskDeskTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Actor Alice = Actor.Cli("alice");
    private static readonly Actor Bob = Actor.Matrix("@bob:example.org");

    private static Task<EngineHarness> HarnessAsync(string agent = "echo done > work.txt") =>
        EngineHarness.CreateAsync(s => EngineHarness.ShellAgentConfig(s, agent, ["test -f work.txt"]));

    private static TaskDraft Draft(string title, string? key = null) => new() { ExternalKey = key ?? "test:" + Guid.NewGuid().ToString("N"), Title = title, Prompt = title };

    private static async Task<List<RunEvent>> TaskEventsAsync(EngineHarness h, string taskId) =>
        [.. (await h.Store.ReadFeedAsync(new FeedQuery(TaskId: taskId, TypePrefix: "task."), 1000, None))];

    [Fact]
    public async Task Submit_queues_once_per_external_key_records_who_asked_and_wakes_the_queue()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var wakes = 0;
        desk.Wake = () => wakes++;

        var first = await desk.SubmitAsync(Draft("fix it", "matrix:$e1"), new SubmitOptions { Source = TaskSource.Matrix }, Bob, None);
        var again = await desk.SubmitAsync(Draft("fix it", "matrix:$e1"), new SubmitOptions { Source = TaskSource.Matrix }, Bob, None);

        first.Created.ShouldBeTrue();
        again.Created.ShouldBeFalse();
        again.Task.Id.ShouldBe(first.Task.Id);
        first.Task.Requester.ShouldBe("@bob:example.org");
        first.Task.Source.ShouldBe(TaskSource.Matrix);
        wakes.ShouldBe(1);
        var events = await TaskEventsAsync(h, first.Task.Id);
        events.Select(e => e.Type).ShouldBe([EventType.TaskQueued]);
        ((string?)events[0].Data.Fields()["by"]).ShouldBe("@bob:example.org (matrix)");
    }

    [Fact]
    public async Task Submit_refuses_bad_input_with_every_problem_and_stores_nothing()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);

        var ex = await Should.ThrowAsync<DeskException>(() => desk.SubmitAsync(
            Draft("") with { Project = "nope", Agent = "ghost", DependsOn = ["t-missing"], MaxAttempts = 0 }, new SubmitOptions(), Alice, None));

        ex.Kind.ShouldBe(DeskErrorKind.Invalid);
        ex.Problems.ShouldContain(p => p.Contains("title", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("unknown project `nope`", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("unknown agent `ghost`", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("no task `t-missing`", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("max_attempts", StringComparison.Ordinal));
        (await h.Store.ListTasksAsync(new TaskQuery(), None)).ShouldBeEmpty();
        (await h.Store.LastPositionAsync(None)).ShouldBe(0);
    }

    [Fact]
    public async Task Json_from_any_surface_gets_the_same_checks()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);

        var bad = await Should.ThrowAsync<DeskException>(() => desk.SubmitJsonAsync("{\"title\": 5}", "k1", new SubmitOptions(), Bob, None));
        var good = await desk.SubmitJsonAsync("{\"title\": \"from json\", \"priority\": 3}", "k2", new SubmitOptions(), Bob, None);

        bad.Kind.ShouldBe(DeskErrorKind.Invalid);
        bad.Problems.ShouldNotBeEmpty();
        good.Task.Priority.ShouldBe(3);
        good.Task.ExternalKey.ShouldBe("k2");
    }

    [Fact]
    public async Task Here_claims_the_task_at_birth_and_executes_it_to_the_end_with_task_events_around_the_run()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);

        var submitted = await desk.SubmitAsync(Draft("make work.txt"), new SubmitOptions { Placement = Placement.Here }, Alice, None);
        var outcome = await desk.ExecuteAsync(submitted.Run!, null, None);

        outcome.State.ShouldBe(RunState.Succeeded);
        (await h.Store.GetTaskAsync(submitted.Task.Id, None))!.State.ShouldBe(TaskState.Succeeded);
        var events = await TaskEventsAsync(h, submitted.Task.Id);
        events.Select(e => (e.Type, (string?)e.Data.Fields()["state"])).ShouldBe([(EventType.TaskQueued, "running"), (EventType.TaskState, "succeeded")]);
    }

    [Fact]
    public async Task Retry_and_continue_refuse_while_queued_then_reopen_a_finished_task_for_one_more_run()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var task = (await desk.SubmitAsync(Draft("work"), new SubmitOptions(), Alice, None)).Task;

        (await Should.ThrowAsync<DeskException>(() => desk.RetryAsync(task.Id, Placement.Queue, Alice, None))).Kind.ShouldBe(DeskErrorKind.Conflict);
        var run = await desk.SubmitAsync(Draft("work 2"), new SubmitOptions { Placement = Placement.Here }, Alice, None);
        await desk.ExecuteAsync(run.Run!, null, None);

        var continued = await desk.ContinueAsync(run.Task.Id, "now add a README", Bob, None);

        continued.State.ShouldBe(TaskState.Queued);
        continued.Prompt.ShouldBe("now add a README");
        continued.MaxAttempts.ShouldBe(2);
        var last = (await TaskEventsAsync(h, run.Task.Id))[^1];
        ((string?)last.Data.Fields()["from"], (string?)last.Data.Fields()["state"], (string?)last.Data.Fields()["by"]).ShouldBe(("succeeded", "queued", "@bob:example.org (matrix)"));
        (await Should.ThrowAsync<DeskException>(() => desk.ContinueAsync(run.Task.Id, " ", Bob, None))).Kind.ShouldBe(DeskErrorKind.Invalid);
    }

    [Fact]
    public async Task Cancel_cancels_a_queued_task_once_and_unknown_ids_are_not_found()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var task = (await desk.SubmitAsync(Draft("never mind"), new SubmitOptions(), Alice, None)).Task;

        var cancelled = await desk.CancelAsync(task.Id, Alice, None);

        cancelled.State.ShouldBe(TaskState.Cancelled);
        cancelled.Reason.ShouldBe("cancelled by alice (cli)");
        (await Should.ThrowAsync<DeskException>(() => desk.CancelAsync(task.Id, Alice, None))).Kind.ShouldBe(DeskErrorKind.Conflict);
        (await Should.ThrowAsync<DeskException>(() => desk.CancelAsync("t-nope", Alice, None))).Kind.ShouldBe(DeskErrorKind.NotFound);
        (await Should.ThrowAsync<DeskException>(() => desk.StopAsync("r-nope", Alice, TimeSpan.Zero, None))).Kind.ShouldBe(DeskErrorKind.NotFound);
    }

    [Fact]
    public async Task Stop_ends_a_running_run_through_its_owner_and_the_task_is_cancelled()
    {
        await using var h = await HarnessAsync("sleep 30");
        var desk = new TaskDesk(h.Services);
        var submitted = await desk.SubmitAsync(Draft("slow"), new SubmitOptions { Placement = Placement.Here }, Alice, None);
        var running = desk.ExecuteAsync(submitted.Run!, null, None);
        (await Eventually.TrueAsync(async () => (await h.Store.GetRunAsync(submitted.Run!.Id, None))!.CurrentStage == "build", TimeSpan.FromSeconds(20))).ShouldBeTrue();

        var stop = await desk.StopAsync(submitted.Run!.Id, Alice, TimeSpan.FromSeconds(30), None);

        stop.Stopped.ShouldBeTrue();
        stop.Run.State.ShouldBe(RunState.Stopped);
        (await running).State.ShouldBe(RunState.Stopped);
        (await h.Store.GetTaskAsync(submitted.Task.Id, None))!.State.ShouldBe(TaskState.Cancelled);
        (await desk.StopTaskAsync(submitted.Task.Id, Alice, TimeSpan.Zero, None)).ShouldBeNull("nothing runs any more");
    }

    [Fact]
    public async Task The_queue_pauses_for_every_worker_and_oversight_answers_nothing_is_waiting()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var task = (await desk.SubmitAsync(Draft("wait for resume"), new SubmitOptions(), Alice, None)).Task;

        await desk.SetQueuePausedAsync(true, Alice, None);
        var paused = await new Scheduling.QueueWorker(h.Services).RunAsync(Scheduling.QueueMode.Once, None);
        await desk.SetQueuePausedAsync(false, Alice, None);
        var resumed = await new Scheduling.QueueWorker(h.Services).RunAsync(Scheduling.QueueMode.Once, None);

        paused.Runs.ShouldBeEmpty();
        resumed.Runs.Single().TaskId.ShouldBe(task.Id);
        var run = (await h.Store.ListRunsForTaskAsync(task.Id, None)).Single();
        (await Should.ThrowAsync<DeskException>(() => desk.ApproveAsync(run.Id, null, Alice, None))).Kind.ShouldBe(DeskErrorKind.NothingWaiting);
        (await Should.ThrowAsync<DeskException>(() => desk.DenyAsync(run.Id, null, "no", Alice, None))).Kind.ShouldBe(DeskErrorKind.NothingWaiting);
        (await Should.ThrowAsync<DeskException>(() => desk.AnswerAsync(run.Id, "yes", Alice, None))).Kind.ShouldBe(DeskErrorKind.NothingWaiting);
        (await Should.ThrowAsync<DeskException>(() => desk.RequestReviewAsync(run.Id, Alice, None))).Message.ShouldContain("has no review stage");
    }

    [Fact]
    public async Task A_batch_with_one_bad_task_stores_none_and_dependencies_resolve_within_the_batch()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var first = Draft("first", "json:a") with { Id = "a" };
        var second = Draft("second", "json:b") with { DependsOn = ["a"] };

        var bad = await Should.ThrowAsync<DeskException>(() => desk.SubmitManyAsync([first, second, Draft("third") with { Agent = "ghost" }], new SubmitOptions(), Alice, None));
        (await h.Store.ListTasksAsync(new TaskQuery(), None)).ShouldBeEmpty();
        var good = await desk.SubmitManyAsync([first, second], new SubmitOptions(), Alice, None);

        bad.Problems.ShouldHaveSingleItem().ShouldContain("third");
        good[1].Task.DependsOn.ShouldBe([good[0].Task.Id]);
    }
}
