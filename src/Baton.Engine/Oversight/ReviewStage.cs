using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Reviews;
using Baton.Core.Text;
using Baton.Engine.Agents;
using Baton.Engine.Execution;

namespace Baton.Engine.Oversight;

/// <summary>
/// A <c>review</c> stage: its reviewers run in parallel (bounded), each given the task, the plan, the change and the
/// results so far, and each must end with a verdict (asked once more in its session if it did not; then it counts as
/// concerns). Verdicts are rows and events; the decision policy then continues, warns, sends the work back to the
/// builder, or parks the run for a person (a pause, or an escalation for a blocker). A resumed run keeps the verdicts
/// it has and asks only the reviewers that have not answered.
/// </summary>
public sealed class ReviewStage(EngineServices services)
{
    private const int MaxParallel = 4;

    public async Task<StageOutcome> RunAsync(RunContext ctx, PlannedStage stage)
    {
        var key = $"stage:{stage.Id}@{ctx.Attempt}";
        var asked = (await services.Store.ListApprovalsAsync(ctx.Run.Id, CancellationToken.None)).FirstOrDefault(a => a.Key == key);
        switch (asked?.Answer)
        {
            case ApprovalAnswer.Approved:
                return StageOutcome.Ok(null, $"the review's decision was overruled by {asked.AnsweredBy}: the run goes on");
            case ApprovalAnswer.Denied:
                return StageOutcome.Fail(RunReason.ReviewBlocked, ApprovalGate.Denial(asked));
            case ApprovalAnswer.Answered:
                return ctx.Plan.FirstBuilderIndex >= 0
                    ? StageOutcome.Back($"{asked.AnsweredBy} answered: back to the builder with their guidance")
                    : StageOutcome.Ok(null, $"{asked.AnsweredBy} answered; no builder stage to take it, so the run goes on");
        }

        var verdicts = await VerdictsAsync(ctx, stage);
        var attemptsLeft = ctx.Attempt < ctx.Pipeline.MaxAttempts && BuilderBefore(ctx, stage);
        var (decision, reason) = ReviewRules.Decide(verdicts, stage.Config.PauseAt, stage.Config.SendBack, attemptsLeft);
        ctx.Journal.Emit(stage.Id, new ReviewDecisionData { Decision = decision.WireName(), Reason = reason, Attempt = ctx.Attempt });
        await ctx.Journal.FlushAsync(CancellationToken.None);
        var neverAsk = services.Config.Policy.Approval == ApprovalPolicy.Never;
        return decision switch
        {
            ReviewDecision.Continue => StageOutcome.Ok(null, reason),
            ReviewDecision.Warn => StageOutcome.Ok(null, "warning: " + reason),
            ReviewDecision.SendBack => StageOutcome.Back(reason),
            _ when neverAsk => StageOutcome.Fail(RunReason.ReviewBlocked, $"{reason} — and policy.approval is `never`, so nobody is asked: the run stops"),
            ReviewDecision.Pause => throw new ParkRequestException(ApprovalKind.Review, key, Question(verdicts, reason, escalation: false), stage.Id),
            _ => throw new ParkRequestException(ApprovalKind.Escalation, key, Question(verdicts, reason, escalation: true), stage.Id),
        };
    }

    /// <summary>
    /// Reviewers asked outside the run's stages (<see cref="RequestedReview"/>): verdicts and the policy's decision are
    /// recorded as advice; nothing parks and nothing is sent back.
    /// </summary>
    public async Task<IReadOnlyList<ReviewVerdictRecord>> AdviseAsync(RunContext ctx, PlannedStage stage, Actor by)
    {
        var verdicts = await VerdictsAsync(ctx, stage, askAll: true);
        var (decision, reason) = ReviewRules.Decide(verdicts, stage.Config.PauseAt, sendBack: false, attemptsLeft: false);
        ctx.Journal.Emit(stage.Id, new ReviewDecisionData { Decision = decision.WireName(), Reason = $"{reason} (asked by {by}; advice only)", Attempt = ctx.Attempt });
        await ctx.Journal.FlushAsync(CancellationToken.None);
        return verdicts;
    }

    private static bool BuilderBefore(RunContext ctx, PlannedStage review)
    {
        var builder = ctx.Plan.FirstBuilderIndex;
        return builder >= 0 && builder < ctx.Plan.Stages.ToList().FindIndex(s => s.Id == review.Id);
    }

    private static string Question(IReadOnlyList<ReviewVerdictRecord> verdicts, string reason, bool escalation)
    {
        var said = string.Join("; ", verdicts.Where(v => v.Verdict != Verdict.Approved).Select(v => $"{v.Reviewer}: {v.Verdict.WireName()}{(v.Summary is null ? "" : $" — {v.Summary}")}"));
        return escalation
            ? $"Review: {reason} ({said}). Approve to let the work go on anyway, deny to end the task, or answer with guidance for the builder."
            : $"Review: {reason} ({said}). Approve to go on, or deny to end the task.";
    }

    /// <summary>This attempt's verdicts: those already stored, and one from each reviewer that has not answered yet.</summary>
    private async Task<IReadOnlyList<ReviewVerdictRecord>> VerdictsAsync(RunContext ctx, PlannedStage stage, bool askAll = false)
    {
        var known = askAll ? [] : (await services.Store.ListVerdictsAsync(ctx.Run.Id, CancellationToken.None))
            .Where(v => v.Stage == stage.Id && v.Attempt == ctx.Attempt).ToList();
        var missing = stage.Config.Reviewers.Where(r => known.All(v => v.Reviewer != r)).ToList();
        if (missing.Count > 0)
        {
            var material = await ReviewMaterial.BuildAsync(services, ctx, stage);
            using var gate = new SemaphoreSlim(MaxParallel);
            var fresh = await Task.WhenAll(missing.Select(async reviewer =>
            {
                await gate.WaitAsync(ctx.Token);
                try
                {
                    return await ReviewOneAsync(ctx, stage, reviewer, material);
                }
                finally
                {
                    gate.Release();
                }
            }));
            known.AddRange(fresh);
        }

        return [.. stage.Config.Reviewers.Select(r => known.First(v => v.Reviewer == r))];
    }

    private async Task<ReviewVerdictRecord> ReviewOneAsync(RunContext ctx, PlannedStage stage, string reviewer, string material)
    {
        var agent = services.Config.Agents[reviewer];
        var turnStage = new PlannedStage($"{stage.Id}.{reviewer}", stage.Config with { Kind = StageKind.Agent, Role = AgentRole.Reviewer, Agent = reviewer });
        VerdictParser.Parsed? parsed = null;
        string? trouble;
        if (!services.Agents.TryGetValue(agent.Kind, out var adapter))
        {
            trouble = $"reviewer `{reviewer}` has kind `{agent.Kind.WireName()}`, which this build cannot drive";
        }
        else
        {
            var runner = new AgentTurnRunner(services, ctx, turnStage, ctx.Files.OpenLog(turnStage.Id));
            var first = await runner.RunAsync(agent, adapter, AgentFailureKind.None, reviewMaterial: material);
            ctx.Token.ThrowIfCancellationRequested();
            parsed = VerdictParser.Parse(first.FinalMessage);
            trouble = first.Succeeded ? null : first.Error ?? $"the reviewer's turn failed (exit {first.ExitCode})";
            if (parsed is null && first.Succeeded)
            {
                var again = await runner.RunAsync(agent, adapter, AgentFailureKind.None, followUp: PromptBuilder.VerdictAgain);
                ctx.Token.ThrowIfCancellationRequested();
                parsed = VerdictParser.Parse(again.FinalMessage);
                trouble = again.Succeeded ? "no readable verdict after being asked twice" : again.Error ?? "the reviewer's second turn failed";
            }
        }

        var verdict = new ReviewVerdictRecord
        {
            RunId = ctx.Run.Id,
            Stage = stage.Id,
            Attempt = ctx.Attempt,
            Reviewer = reviewer,
            Verdict = parsed?.Verdict ?? Verdict.Concerns,
            Summary = parsed?.Summary ?? trouble,
            Findings = parsed?.Findings ?? [],
            Malformed = parsed is null,
            At = services.Time.GetUtcNow(),
        };
        await services.Store.AddVerdictAsync(verdict, CancellationToken.None);
        ctx.Journal.Emit(stage.Id, new ReviewVerdictData
        {
            Reviewer = reviewer,
            Verdict = verdict.Verdict.WireName(),
            Summary = verdict.Summary,
            Findings = verdict.Findings.Count == 0 ? null : verdict.Findings,
            Malformed = verdict.Malformed,
            Attempt = ctx.Attempt,
        });
        return verdict;
    }
}
