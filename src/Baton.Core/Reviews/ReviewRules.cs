namespace Baton.Core.Reviews;

/// <summary>
/// The review decision policy (spec §9): any blocker → escalate; <c>pause_at</c> (default 2) or more concerns → pause
/// for a person; fewer → continue with a warning; all approved → continue. With <c>send_back</c>, concerns and blockers
/// go back to the builder while attempts remain; once they have run out the rules above decide.
/// </summary>
public static class ReviewRules
{
    public static (ReviewDecision Decision, string Reason) Decide(IReadOnlyList<ReviewVerdictRecord> verdicts, int pauseAt, bool sendBack, bool attemptsLeft)
    {
        var blockers = verdicts.Count(v => v.Verdict == Verdict.Blocker);
        var concerns = verdicts.Count(v => v.Verdict == Verdict.Concerns);
        var counted = $"{verdicts.Count - blockers - concerns} approved, {concerns} concern(s), {blockers} blocker(s)";
        if (blockers + concerns == 0)
        {
            return (ReviewDecision.Continue, $"all {verdicts.Count} reviewer(s) approved");
        }

        if (sendBack && attemptsLeft)
        {
            return (ReviewDecision.SendBack, $"{counted}: back to the builder with the findings");
        }

        if (blockers > 0)
        {
            return (ReviewDecision.Escalate, $"{counted}: a blocker stops the run for a person");
        }

        return pauseAt > 0 && concerns >= pauseAt
            ? (ReviewDecision.Pause, $"{counted}: {pauseAt} or more concerns wait for a person")
            : (ReviewDecision.Warn, $"{counted}: going on with a warning");
    }
}
