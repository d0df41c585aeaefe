using System.Text.Json.Nodes;
using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Reviews;
using Baton.Core.Tasks;
using Baton.Engine.Application;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Integration;

namespace Baton.Engine.Tests.Oversight;

/// <summary>
/// Review stages over the real engine with real processes as reviewers (<c>command</c> agents answering from a script):
/// every verdict mix reaches the policy's decision, verdicts are rows and events, a malformed answer is asked again, and
/// a pause, an escalation or a send-back does what the spec says.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReviewTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Actor Alice = Actor.Cli("alice");

    internal const string Approved = "Looks right.\n```json\n{\"verdict\": \"approved\", \"summary\": \"fine\"}\n```";
    private const string Concerns = "Mostly fine.\n```json\n{\"verdict\": \"concerns\", \"summary\": \"thin tests\", \"findings\": [{\"file\": \"work.txt\", \"line\": 1, \"severity\": \"low\", \"note\": \"say more\"}]}\n```";
    internal const string Blocker = "No.\n{\"verdict\": \"blocker\", \"summary\": \"deletes data\", \"findings\": [{\"file\": \"work.txt\", \"note\": \"never do this\"}]}";
    private const string Rambling = "I think it is probably fine but I am not sure.";

    /// <summary>A reviewer agent answering its n-th turn with answers[n] (the last one after that).</summary>
    internal static AgentConfig Reviewer(string scratch, string name, params string[] answers)
    {
        for (var i = 0; i < answers.Length; i++)
        {
            var line = new JsonObject { ["type"] = "agent.message", ["text"] = answers[i] }.ToJsonString();
            File.WriteAllText(Path.Combine(scratch, $"{name}.{i}.jsonl"), line + "\n");
        }

        File.Copy(Path.Combine(scratch, $"{name}.{answers.Length - 1}.jsonl"), Path.Combine(scratch, $"{name}.last.jsonl"));
        return new AgentConfig
        {
            Name = name,
            Kind = AgentKind.Command,
            Command = $"n=$(cat {scratch}/{name}.n 2>/dev/null || echo 0); echo $((n+1)) > {scratch}/{name}.n; "
                + $"cat {scratch}/{name}.$n.jsonl 2>/dev/null || cat {scratch}/{name}.last.jsonl",
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    private static Task<EngineHarness> HarnessAsync(string[] r1, string[] r2, ApprovalPolicy policy = ApprovalPolicy.OnRequest, bool sendBack = false, int maxAttempts = 1) =>
        EngineHarness.CreateAsync(s =>
        {
            var config = EngineHarness.ShellAgentConfig(s, $"cat \"$BATON_PROMPT_FILE\" >> {s}/builder-prompts.txt; echo x >> work.txt", ["test -f work.txt"], builderAttempts: maxAttempts);
            var pipeline = config.Pipelines["default"];
            var agents = new Dictionary<string, AgentConfig>(config.Agents) { ["r1"] = Reviewer(s, "r1", r1), ["r2"] = Reviewer(s, "r2", r2) };
            return config with
            {
                Agents = agents,
                Policy = config.Policy with { Approval = policy },
                Pipelines = new Dictionary<string, PipelineConfig>
                {
                    ["default"] = pipeline with
                    {
                        Stages = [.. pipeline.Stages, new StageConfig { Id = "review", Kind = StageKind.Review, Reviewers = ["r1", "r2"], SendBack = sendBack }],
                    },
                },
            };
        });

    private static async Task<RunOutcome> RunAsync(EngineHarness h)
    {
        var desk = new TaskDesk(h.Services);
        var submitted = await desk.SubmitAsync(
            new TaskDraft { ExternalKey = "test:" + Guid.NewGuid().ToString("N"), Title = "change it", Prompt = "change it" },
            new SubmitOptions { Placement = Placement.Here }, Alice, None);
        return await new RunExecutor(h.Services).ExecuteAsync(submitted.Run!.Id, null, None);
    }

    private static async Task<List<RunEvent>> EventsAsync(EngineHarness h, string runId) =>
        [.. await h.Store.ReadFeedAsync(new FeedQuery(RunId: runId), 5000, None)];

    private static async Task<string[]> DecisionsAsync(EngineHarness h, string runId) =>
        [.. (await EventsAsync(h, runId)).Select(e => e.Data).OfType<ReviewDecisionData>().Select(d => d.Decision)];

    private static int Turns(EngineHarness h, string reviewer) =>
        File.Exists(h.ScratchFile($"{reviewer}.n")) ? int.Parse(File.ReadAllText(h.ScratchFile($"{reviewer}.n")).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task All_approved_continues_with_verdict_rows_and_events_and_the_run_was_reviewing_meanwhile()
    {
        await using var h = await HarnessAsync([Approved], [Approved]);

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        var verdicts = await h.Store.ListVerdictsAsync(outcome.RunId, None);
        verdicts.Select(v => (v.Reviewer, v.Verdict, v.Summary, v.Malformed)).Order().ShouldBe([("r1", Verdict.Approved, "fine", false), ("r2", Verdict.Approved, "fine", false)]);
        (await DecisionsAsync(h, outcome.RunId)).ShouldBe(["continue"]);
        var events = await EventsAsync(h, outcome.RunId);
        events.Count(e => e.Type == EventType.ReviewVerdict).ShouldBe(2);
        events.Select(e => e.Data).OfType<RunStateData>().Select(d => d.State).ShouldContain("reviewing");
        // Each reviewer got the change and the verdict format in its prompt.
        var prompt = await File.ReadAllTextAsync(Path.Combine(h.StateDir, "runs", outcome.TaskId, outcome.RunId, "prompts", "review.r1-attempt1.md"));
        prompt.ShouldContain("You are the reviewer");
        prompt.ShouldContain("+x");
        prompt.ShouldContain("\"verdict\"");
    }

    [Fact]
    public async Task One_concern_goes_on_with_a_warning()
    {
        await using var h = await HarnessAsync([Concerns], [Approved]);

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        (await DecisionsAsync(h, outcome.RunId)).ShouldBe(["warn"]);
        var concern = (await h.Store.ListVerdictsAsync(outcome.RunId, None)).Single(v => v.Reviewer == "r1");
        concern.Findings.ShouldBe([new ReviewFinding("work.txt", 1, "low", "say more")]);
    }

    [Fact]
    public async Task Two_concerns_pause_for_a_person_and_approved_the_run_goes_on_without_asking_the_reviewers_again()
    {
        await using var h = await HarnessAsync([Concerns], [Concerns]);

        var parked = await RunAsync(h);

        parked.State.ShouldBe(RunState.NeedsInput, parked.Message);
        (await DecisionsAsync(h, parked.RunId)).ShouldBe(["pause"]);
        var question = (await h.Store.ListPendingApprovalsAsync(None)).ShouldHaveSingleItem();
        question.Kind.ShouldBe(ApprovalKind.Review);
        question.Question.ShouldContain("thin tests");
        await new TaskDesk(h.Services).ApproveAsync(parked.RunId, null, Actor.Cli("bob"), None);
        var outcome = (await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(QueueMode.Once, None)).Runs.ShouldHaveSingleItem();

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        (Turns(h, "r1"), Turns(h, "r2")).ShouldBe((1, 1));
    }

    [Fact]
    public async Task A_blocker_escalates_and_a_persons_answer_sends_the_builder_round_again_with_findings_and_guidance()
    {
        await using var h = await HarnessAsync([Blocker, Approved], [Approved], maxAttempts: 1);

        var parked = await RunAsync(h);

        parked.State.ShouldBe(RunState.NeedsInput, parked.Message);
        (await DecisionsAsync(h, parked.RunId)).ShouldBe(["escalate"]);
        (await h.Store.ListPendingApprovalsAsync(None)).ShouldHaveSingleItem().Kind.ShouldBe(ApprovalKind.Escalation);
        await new TaskDesk(h.Services).AnswerAsync(parked.RunId, "keep the data, append instead", Actor.Cli("bob"), None);
        var outcome = (await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(QueueMode.Once, None)).Runs.ShouldHaveSingleItem();

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        var prompts = await File.ReadAllTextAsync(h.ScratchFile("builder-prompts.txt"));
        prompts.ShouldContain("The review sent your previous attempt back");
        prompts.ShouldContain("never do this");
        prompts.ShouldContain("keep the data, append instead");
        (Turns(h, "r1"), Turns(h, "r2")).ShouldBe((2, 2), "attempt 2 is reviewed afresh");
        (await DecisionsAsync(h, outcome.RunId)).ShouldBe(["escalate", "continue"]);
    }

    [Fact]
    public async Task With_send_back_a_blocker_returns_to_the_builder_while_attempts_remain()
    {
        await using var h = await HarnessAsync([Blocker, Approved], [Approved], sendBack: true, maxAttempts: 2);

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        (await DecisionsAsync(h, outcome.RunId)).ShouldBe(["send_back", "continue"]);
        (await File.ReadAllTextAsync(h.ScratchFile("builder-prompts.txt"))).ShouldContain("deletes data");
    }

    [Fact]
    public async Task With_send_back_and_no_attempts_left_a_blocker_still_escalates()
    {
        await using var h = await HarnessAsync([Blocker], [Approved], sendBack: true, maxAttempts: 1);

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.NeedsInput, outcome.Message);
        (await DecisionsAsync(h, outcome.RunId)).ShouldBe(["escalate"]);
    }

    [Fact]
    public async Task A_malformed_answer_is_asked_again_once_and_twice_malformed_counts_as_concerns()
    {
        await using var h = await HarnessAsync([Rambling, Approved], [Rambling]);

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        var verdicts = (await h.Store.ListVerdictsAsync(outcome.RunId, None)).OrderBy(v => v.Reviewer).ToList();
        (verdicts[0].Verdict, verdicts[0].Malformed).ShouldBe((Verdict.Approved, false));
        (verdicts[1].Verdict, verdicts[1].Malformed).ShouldBe((Verdict.Concerns, true));
        verdicts[1].Summary.ShouldBe("no readable verdict after being asked twice");
        (Turns(h, "r1"), Turns(h, "r2")).ShouldBe((2, 2));
        (await DecisionsAsync(h, outcome.RunId)).ShouldBe(["warn"]);
    }

    [Fact]
    public async Task Review_on_request_asks_every_reviewer_again_as_advice_and_leaves_the_run_as_it_was()
    {
        await using var h = await HarnessAsync([Approved, Concerns], [Approved, Blocker]);
        var outcome = await RunAsync(h);
        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);

        var verdicts = await new TaskDesk(h.Services).RequestReviewAsync(outcome.RunId, Alice, None);

        verdicts.Select(v => (v.Reviewer, v.Verdict, v.Stage)).ShouldBe([("r1", Verdict.Concerns, "requested-review"), ("r2", Verdict.Blocker, "requested-review")]);
        var run = (await h.Store.GetRunAsync(outcome.RunId, None))!;
        (run.State, run.Owner).ShouldBe((RunState.Succeeded, null));
        var advice = (await EventsAsync(h, outcome.RunId)).Select(e => e.Data).OfType<ReviewDecisionData>().Last();
        advice.Decision.ShouldBe("escalate");
        advice.Reason!.ShouldContain("advice only");
        (await h.Store.ListPendingApprovalsAsync(None)).ShouldBeEmpty("advice parks nothing");
    }

    [Fact]
    public async Task Review_on_request_of_a_live_run_another_process_holds_is_refused()
    {
        await using var h = await HarnessAsync([Concerns], [Concerns]);
        var outcome = await RunAsync(h);
        outcome.State.ShouldBe(RunState.NeedsInput);
        await h.Store.TryTakeOwnershipAsync(outcome.RunId, null, new RunOwner("elsewhere", 4242, 1), DateTimeOffset.UtcNow, None);

        var refused = await Should.ThrowAsync<DeskException>(() => new TaskDesk(h.Services).RequestReviewAsync(outcome.RunId, Alice, None));

        refused.Kind.ShouldBe(DeskErrorKind.Conflict);
    }

    [Fact]
    public async Task Under_policy_approval_never_a_blocker_stops_the_run_review_blocked_instead_of_asking()
    {
        await using var h = await HarnessAsync([Blocker], [Approved], policy: ApprovalPolicy.Never);

        var outcome = await RunAsync(h);

        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.ReviewBlocked));
        outcome.Message!.ShouldContain("policy.approval is `never`");
        (await h.Store.ListPendingApprovalsAsync(None)).ShouldBeEmpty();
    }
}
