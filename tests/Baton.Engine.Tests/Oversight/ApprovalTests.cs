using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Tasks;
using Baton.Engine.Application;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Integration;

namespace Baton.Engine.Tests.Oversight;

/// <summary>
/// Approval stages and <c>policy.approval: always</c> over the real engine (git worktrees, shell stages, SQLite): a run
/// parks holding nothing, a person's answer continues or ends it, and the rules about who may answer hold.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApprovalTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Actor Alice = Actor.Cli("alice");
    private static readonly Actor Bob = Actor.Matrix("@bob:example.org");

    /// <summary>build (writes one.txt) → sign-off (approval) → last (writes two.txt); the gate wants two.txt.</summary>
    private static Task<EngineHarness> HarnessAsync(ApprovalPolicy policy = ApprovalPolicy.OnRequest, bool selfApproval = true, bool approvalStage = true) =>
        EngineHarness.CreateAsync(s =>
        {
            var config = EngineHarness.ShellAgentConfig(s, "echo one > one.txt", ["test -f two.txt"]);
            var pipeline = config.Pipelines["default"];
            StageConfig[] stages = approvalStage
                ?
                [
                    .. pipeline.Stages,
                    new StageConfig { Id = "sign-off", Kind = StageKind.Approval, Prompt = "Ship it?" },
                    new StageConfig { Id = "last", Kind = StageKind.Command, Command = "echo two > two.txt" },
                ]
                : [.. pipeline.Stages, new StageConfig { Id = "last", Kind = StageKind.Command, Command = "echo two > two.txt" }];
            return config with
            {
                Policy = config.Policy with { Approval = policy, AllowSelfApproval = selfApproval },
                Pipelines = new Dictionary<string, PipelineConfig> { ["default"] = pipeline with { Stages = stages } },
            };
        });

    private static async Task<RunRecord> ParkedRunAsync(EngineHarness h, TaskDesk desk, Actor requester)
    {
        var submitted = await desk.SubmitAsync(
            new TaskDraft { ExternalKey = "test:" + Guid.NewGuid().ToString("N"), Title = "ship", Prompt = "ship" },
            new SubmitOptions { Placement = Placement.Here }, requester, None);
        var outcome = await new RunExecutor(h.Services).ExecuteAsync(submitted.Run!.Id, null, None);
        outcome.State.ShouldBe(RunState.NeedsInput, outcome.Message);
        return (await h.Store.GetRunAsync(outcome.RunId, None))!;
    }

    private static async Task<List<RunEvent>> EventsAsync(EngineHarness h, string runId) =>
        [.. await h.Store.ReadFeedAsync(new FeedQuery(RunId: runId), 5000, None)];

    private static Task<QueueSummary> OnePassAsync(EngineHarness h) =>
        new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(QueueMode.Once, None);

    [Fact]
    public async Task An_approval_stage_parks_the_run_holding_nothing_with_its_question_stored()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);

        var run = await ParkedRunAsync(h, desk, Alice);

        run.Owner.ShouldBeNull();
        run.Reason.ShouldBe(RunReason.WaitingForPerson);
        run.CurrentStage.ShouldBe("sign-off");
        (await h.Store.GetTaskAsync(run.TaskId, None))!.State.ShouldBe(TaskState.NeedsInput);
        var question = (await desk.WaitingAsync(None)).ShouldHaveSingleItem();
        (question.RunId, question.Kind, question.Question, question.Stage).ShouldBe((run.Id, ApprovalKind.Approval, "Ship it?", "sign-off"));
        (await h.Store.ListProcessGroupsAsync(run.Id, None)).ShouldBeEmpty();
        File.Exists(Path.Combine(run.Workspace!, "one.txt")).ShouldBeTrue();
        File.Exists(Path.Combine(run.Workspace!, "two.txt")).ShouldBeFalse("the stage after the approval must not run before it");
        var asked = (await EventsAsync(h, run.Id)).Single(e => e.Type == EventType.ApprovalRequested);
        ((ApprovalRequestedData)asked.Data).Id.ShouldBe(question.Id);
        asked.Stage.ShouldBe("sign-off");

        // Nothing picks a parked run up while its question waits, and resuming it says what it waits for.
        (await OnePassAsync(h)).Runs.ShouldBeEmpty();
        var resume = await Should.ThrowAsync<DeskException>(() => desk.ResumeAsync(run.Id, Placement.Here, Alice, None));
        resume.Message.ShouldContain("waits for a person: Ship it?");
    }

    [Fact]
    public async Task A_parked_run_that_is_stopped_waits_for_nobody()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var run = await ParkedRunAsync(h, desk, Alice);

        await desk.StopAsync(run.Id, Alice, TimeSpan.FromSeconds(5), None);

        (await h.Store.GetRunAsync(run.Id, None))!.State.ShouldBe(RunState.Stopped);
        (await desk.WaitingAsync(None)).ShouldBeEmpty("nobody can answer a stopped run's question");
    }

    [Fact]
    public async Task Approved_the_next_worker_continues_from_the_approval_and_the_run_succeeds()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var run = await ParkedRunAsync(h, desk, Alice);

        await desk.ApproveAsync(run.Id, null, Bob, None);
        var summary = await OnePassAsync(h);

        var outcome = summary.Runs.ShouldHaveSingleItem();
        (outcome.RunId, outcome.State).ShouldBe((run.Id, RunState.Succeeded));
        (await h.Store.GetTaskAsync(run.TaskId, None))!.State.ShouldBe(TaskState.Succeeded);
        File.Exists(Path.Combine(run.Workspace!, "two.txt")).ShouldBeTrue();
        var stages = await h.Store.ListStagesAsync(run.Id, None);
        stages.Select(s => (s.StageId, s.State)).ShouldBe([("build", StageState.Succeeded), ("sign-off", StageState.Succeeded), ("last", StageState.Succeeded)]);
        var answered = (ApprovalAnsweredData)(await EventsAsync(h, run.Id)).Single(e => e.Type == EventType.ApprovalAnswered).Data;
        (answered.Approved, answered.Answer, answered.By).ShouldBe((true, "approved", "@bob:example.org (matrix)"));
        (await h.Store.ListApprovalsAsync(run.Id, None)).ShouldHaveSingleItem().AnsweredBy.ShouldBe("@bob:example.org (matrix)");
        (await desk.WaitingAsync(None)).ShouldBeEmpty();
        // The build stage ran once: the approval did not send the run back to the start.
        (await EventsAsync(h, run.Id)).Count(e => e.Type == EventType.StageStarted && e.Stage == "build").ShouldBe(1);
    }

    [Fact]
    public async Task Denied_the_run_ends_approval_denied_its_task_escalated_and_nothing_after_the_stage_runs()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var run = await ParkedRunAsync(h, desk, Alice);

        await desk.DenyAsync(run.Id, null, "not this week", Bob, None);
        (await OnePassAsync(h)).Runs.ShouldBeEmpty();

        var ended = (await h.Store.GetRunAsync(run.Id, None))!;
        (ended.State, ended.Reason).ShouldBe((RunState.Failed, RunReason.ApprovalDenied));
        ended.Message!.ShouldContain("not this week");
        ended.Owner.ShouldBeNull();
        (await h.Store.GetTaskAsync(run.TaskId, None))!.State.ShouldBe(TaskState.Escalated);
        File.Exists(Path.Combine(run.Workspace!, "two.txt")).ShouldBeFalse();
        var result = await File.ReadAllTextAsync(Path.Combine(h.StateDir, "runs", run.TaskId, run.Id, "result.json"));
        result.ShouldContain("\"approval_denied\"");
        var again = await Should.ThrowAsync<DeskException>(() => desk.ApproveAsync(run.Id, null, Bob, None));
        again.Kind.ShouldBe(DeskErrorKind.NothingWaiting);
    }

    [Fact]
    public async Task With_self_approval_off_the_requester_cannot_approve_but_may_deny_and_someone_else_may_approve()
    {
        await using var h = await HarnessAsync(selfApproval: false);
        var desk = new TaskDesk(h.Services);
        var run = await ParkedRunAsync(h, desk, Alice);

        var refused = await Should.ThrowAsync<DeskException>(() => desk.ApproveAsync(run.Id, null, Alice, None));

        refused.Kind.ShouldBe(DeskErrorKind.Forbidden);
        refused.Message.ShouldContain("allow_self_approval is false");
        (await desk.WaitingAsync(None)).ShouldHaveSingleItem("a refused approval leaves the question waiting");
        (await h.Store.GetRunAsync(run.Id, None))!.Owner.ShouldBeNull();
        await desk.ApproveAsync(run.Id, null, Bob, None);
        (await desk.WaitingAsync(None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Of_two_people_answering_at_once_one_wins_and_the_other_is_told()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var run = await ParkedRunAsync(h, desk, Alice);

        var answers = await Task.WhenAll(
            Task.Run(async () => { try { await desk.ApproveAsync(run.Id, null, Alice, None); return "ok"; } catch (DeskException ex) { return ex.Kind.ToString(); } }),
            Task.Run(async () => { try { await desk.DenyAsync(run.Id, null, null, Bob, None); return "ok"; } catch (DeskException ex) { return ex.Kind.ToString(); } }));

        answers.Count(a => a == "ok").ShouldBe(1, string.Join(", ", answers));
        answers.ShouldContain(a => a == nameof(DeskErrorKind.Conflict) || a == nameof(DeskErrorKind.NothingWaiting));
        (await EventsAsync(h, run.Id)).Count(e => e.Type == EventType.ApprovalAnswered).ShouldBe(1);
    }

    [Fact]
    public async Task A_foreground_run_waits_for_the_answer_and_goes_on_in_the_same_process()
    {
        await using var h = await HarnessAsync();
        var desk = new TaskDesk(h.Services);
        var submitted = await desk.SubmitAsync(
            new TaskDraft { ExternalKey = "test:fg", Title = "ship", Prompt = "ship" }, new SubmitOptions { Placement = Placement.Here }, Alice, None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var foreground = desk.ExecuteAsync(submitted.Run!, null, timeout.Token);
        while ((await desk.WaitingAsync(None)).Count == 0)
        {
            foreground.IsCompleted.ShouldBeFalse("the foreground run ended instead of waiting");
            await Task.Delay(50, timeout.Token);
        }

        await desk.ApproveAsync(submitted.Run!.Id, null, Bob, None);
        var outcome = await foreground;

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
    }

    [Fact]
    public async Task With_policy_approval_always_a_green_run_asks_before_it_counts_and_its_gates_are_not_run_again()
    {
        await using var h = await HarnessAsync(ApprovalPolicy.Always, approvalStage: false);
        var desk = new TaskDesk(h.Services);
        var run = await ParkedRunAsync(h, desk, Alice);

        var question = (await desk.WaitingAsync(None)).ShouldHaveSingleItem();
        question.Question.ShouldContain("passed its gates");
        (await h.Store.ListGateResultsAsync(run.Id, None)).ShouldHaveSingleItem().Passed.ShouldBeTrue();
        await desk.ApproveAsync(run.Id, null, Bob, None);
        var outcome = (await OnePassAsync(h)).Runs.ShouldHaveSingleItem();

        (outcome.State, outcome.Reason).ShouldBe((RunState.Succeeded, RunReason.GatesPassed));
        (await h.Store.ListGateResultsAsync(run.Id, None)).Count.ShouldBe(1);
    }
}
