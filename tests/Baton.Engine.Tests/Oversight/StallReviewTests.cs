using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Tasks;
using Baton.Engine.Application;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Integration;

namespace Baton.Engine.Tests.Oversight;

/// <summary>
/// <c>policy.stall_review_after</c> over the real engine with real processes: an agent silent past it has its work judged
/// by the pipeline's reviewers while it goes on; a blocker stops it and parks the run for a person.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StallReviewTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<EngineHarness> HarnessAsync(string builder, string[] r1, TimeSpan? after) =>
        EngineHarness.CreateAsync(s =>
        {
            var config = EngineHarness.ShellAgentConfig(s, builder, ["test -f work.txt"]);
            var pipeline = config.Pipelines["default"];
            return config with
            {
                Agents = new Dictionary<string, AgentConfig>(config.Agents)
                {
                    ["r1"] = ReviewTests.Reviewer(s, "r1", r1),
                    ["r2"] = ReviewTests.Reviewer(s, "r2", ReviewTests.Approved),
                },
                Policy = config.Policy with { Approval = ApprovalPolicy.OnRequest, StallReviewAfter = after },
                Pipelines = new Dictionary<string, PipelineConfig>
                {
                    ["default"] = pipeline with { Stages = [.. pipeline.Stages, new StageConfig { Id = "review", Kind = StageKind.Review, Reviewers = ["r1", "r2"] }] },
                },
            };
        });

    private static async Task<RunOutcome> RunAsync(EngineHarness h)
    {
        var submitted = await new TaskDesk(h.Services).SubmitAsync(
            new TaskDraft { ExternalKey = "test:" + Guid.NewGuid().ToString("N"), Title = "quiet work", Prompt = "work quietly" },
            new SubmitOptions { Placement = Placement.Here }, Actor.Cli("alice"), None);
        return await new RunExecutor(h.Services).ExecuteAsync(submitted.Run!.Id, null, None);
    }

    private static async Task<List<ReviewDecisionData>> DecisionsAsync(EngineHarness h, string runId) =>
        [.. (await h.Store.ReadFeedAsync(new FeedQuery(RunId: runId), 5000, None)).Select(e => e.Data).OfType<ReviewDecisionData>()];

    [Fact]
    public async Task A_quiet_agent_is_reviewed_while_it_works_and_approved_it_goes_on_to_finish()
    {
        await using var h = await HarnessAsync("sleep 2.5; echo x > work.txt", [ReviewTests.Approved], TimeSpan.FromSeconds(1));

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        var stages = (await h.Store.ListVerdictsAsync(outcome.RunId, None)).Select(v => v.Stage).Distinct().ToList();
        stages.ShouldContain("stall-review-1");
        stages.ShouldContain("review");
        (await DecisionsAsync(h, outcome.RunId)).First().Reason.ShouldNotBeNull().ShouldContain("advice only");
    }

    [Fact]
    public async Task A_blocker_on_a_quiet_agent_stops_it_and_parks_the_run_and_approved_the_stage_runs_again()
    {
        var builder = "if [ -f \"$SCRATCH/once\" ]; then echo x > work.txt; else touch \"$SCRATCH/once\"; sleep 60; echo late > \"$SCRATCH/late\"; fi";
        await using var h = await HarnessAsync(builder, [ReviewTests.Blocker, ReviewTests.Approved], TimeSpan.FromSeconds(1));
        var started = DateTimeOffset.UtcNow;

        var parked = await RunAsync(h);

        parked.State.ShouldBe(RunState.NeedsInput, parked.Message);
        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(30), "the quiet agent was stopped, not waited out");
        var question = (await h.Store.ListPendingApprovalsAsync(None)).ShouldHaveSingleItem();
        (question.Kind, question.Stage).ShouldBe((ApprovalKind.Escalation, "build"));
        question.Question.ShouldContain("silent for 1s");
        (await h.Store.ListStagesAsync(parked.RunId, None)).Single(s => s.StageId == "build").State.ShouldBe(StageState.Pending);

        await new TaskDesk(h.Services).ApproveAsync(parked.RunId, null, Actor.Cli("bob"), None);
        var outcome = (await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(QueueMode.Once, None)).Runs.ShouldHaveSingleItem();

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        File.Exists(h.ScratchFile("late")).ShouldBeFalse("the stopped agent's process never went on");
    }

    [Fact]
    public async Task Without_the_setting_nobody_reviews_a_quiet_agent()
    {
        await using var h = await HarnessAsync("sleep 2; echo x > work.txt", [ReviewTests.Approved], after: null);

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        (await h.Store.ListVerdictsAsync(outcome.RunId, None)).ShouldAllBe(v => v.Stage == "review");
    }
}
