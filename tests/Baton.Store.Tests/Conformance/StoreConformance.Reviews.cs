using Baton.Core.Model;
using Baton.Core.Reviews;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: reviewers' verdicts, one per reviewer, stage and attempt, read back whole and in order.</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- review verdicts

    private static ReviewVerdictRecord VerdictOf(string reviewer, Verdict verdict, int attempt, DateTimeOffset at, params ReviewFinding[] findings) => new()
    {
        RunId = "r1",
        Stage = "review",
        Attempt = attempt,
        Reviewer = reviewer,
        Verdict = verdict,
        Summary = $"{reviewer} says {verdict}",
        Findings = findings,
        At = at,
    };

    [Fact]
    public async Task Verdicts_read_back_whole_in_order_and_a_second_for_the_same_reviewer_and_attempt_replaces_the_first()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);
        var finding = new ReviewFinding("src/a.cs", 12, "high", "null \"check\" missing");

        await Store.AddVerdictAsync(VerdictOf("claude", Verdict.Concerns, 1, T0, finding, new ReviewFinding(null, null, null, "tests thin")), None);
        await Store.AddVerdictAsync(VerdictOf("gemini", Verdict.Approved, 1, T0.AddSeconds(1)), None);
        await Store.AddVerdictAsync(VerdictOf("claude", Verdict.Blocker, 2, T0.AddSeconds(2)) with { Malformed = true }, None);
        await Store.AddVerdictAsync(VerdictOf("gemini", Verdict.Blocker, 1, T0.AddSeconds(3)), None);

        var all = await Store.ListVerdictsAsync("r1", None);

        all.Select(v => (v.Reviewer, v.Attempt, v.Verdict, v.Malformed)).ShouldBe(
        [
            ("claude", 1, Verdict.Concerns, false),
            ("claude", 2, Verdict.Blocker, true),
            ("gemini", 1, Verdict.Blocker, false),
        ]);
        all[0].Findings.ShouldBe([finding, new ReviewFinding(null, null, null, "tests thin")]);
        all[0].Summary.ShouldBe("claude says Concerns");
        all[0].At.ShouldBe(T0);
        (await Store.ListVerdictsAsync("other", None)).ShouldBeEmpty();
    }
}
