using Baton.Core.Reviews;

namespace Baton.Engine.Tests.Oversight;

/// <summary>The decision policy of spec §9 over every mix of verdicts, and its two knobs.</summary>
public sealed class ReviewRulesTests
{
    private static ReviewVerdictRecord[] Mix(params Verdict[] verdicts) =>
        [.. verdicts.Select((v, i) => new ReviewVerdictRecord { RunId = "r", Stage = "review", Attempt = 1, Reviewer = $"r{i}", Verdict = v, At = DateTimeOffset.UnixEpoch })];

    [Theory]
    [InlineData(new[] { Verdict.Approved }, ReviewDecision.Continue)]
    [InlineData(new[] { Verdict.Approved, Verdict.Approved, Verdict.Approved }, ReviewDecision.Continue)]
    [InlineData(new[] { Verdict.Concerns }, ReviewDecision.Warn)]
    [InlineData(new[] { Verdict.Approved, Verdict.Concerns }, ReviewDecision.Warn)]
    [InlineData(new[] { Verdict.Concerns, Verdict.Concerns }, ReviewDecision.Pause)]
    [InlineData(new[] { Verdict.Concerns, Verdict.Approved, Verdict.Concerns }, ReviewDecision.Pause)]
    [InlineData(new[] { Verdict.Blocker }, ReviewDecision.Escalate)]
    [InlineData(new[] { Verdict.Approved, Verdict.Blocker }, ReviewDecision.Escalate)]
    [InlineData(new[] { Verdict.Concerns, Verdict.Concerns, Verdict.Blocker }, ReviewDecision.Escalate)]
    public void The_spec_defaults(Verdict[] verdicts, ReviewDecision expected) =>
        ReviewRules.Decide(Mix(verdicts), pauseAt: 2, sendBack: false, attemptsLeft: true).Decision.ShouldBe(expected);

    [Fact]
    public void Pause_at_moves_the_threshold_and_zero_never_pauses_for_concerns()
    {
        ReviewRules.Decide(Mix(Verdict.Concerns, Verdict.Concerns), pauseAt: 3, sendBack: false, attemptsLeft: true).Decision.ShouldBe(ReviewDecision.Warn);
        ReviewRules.Decide(Mix(Verdict.Concerns), pauseAt: 1, sendBack: false, attemptsLeft: true).Decision.ShouldBe(ReviewDecision.Pause);
        ReviewRules.Decide(Mix(Verdict.Concerns, Verdict.Concerns, Verdict.Concerns), pauseAt: 0, sendBack: false, attemptsLeft: true).Decision.ShouldBe(ReviewDecision.Warn);
    }

    [Fact]
    public void Send_back_returns_any_concern_or_blocker_to_the_builder_only_while_attempts_remain()
    {
        ReviewRules.Decide(Mix(Verdict.Concerns), 2, sendBack: true, attemptsLeft: true).Decision.ShouldBe(ReviewDecision.SendBack);
        ReviewRules.Decide(Mix(Verdict.Blocker), 2, sendBack: true, attemptsLeft: true).Decision.ShouldBe(ReviewDecision.SendBack);
        ReviewRules.Decide(Mix(Verdict.Approved), 2, sendBack: true, attemptsLeft: true).Decision.ShouldBe(ReviewDecision.Continue);
        ReviewRules.Decide(Mix(Verdict.Blocker), 2, sendBack: true, attemptsLeft: false).Decision.ShouldBe(ReviewDecision.Escalate);
        ReviewRules.Decide(Mix(Verdict.Concerns), 2, sendBack: true, attemptsLeft: false).Decision.ShouldBe(ReviewDecision.Warn);
    }

    [Fact]
    public void The_reason_counts_each_kind()
    {
        var (_, reason) = ReviewRules.Decide(Mix(Verdict.Approved, Verdict.Concerns, Verdict.Blocker), 2, false, true);

        reason.ShouldStartWith("1 approved, 1 concern(s), 1 blocker(s)");
    }
}
