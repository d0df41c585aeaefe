using Baton.Core.Model;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: questions put to people are asked once per run and key, and answered once.</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- approvals

    private static ApprovalRecord Question(string id, string runId, string key, DateTimeOffset at) => new()
    {
        Id = id,
        RunId = runId,
        TaskId = "t",
        Key = key,
        Kind = ApprovalKind.Approval,
        Question = $"may {key} go on?",
        Stage = "sign-off",
        Attempt = 2,
        RequestedAt = at,
    };

    private async Task OneRunAsync()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);
    }

    [Fact]
    public async Task A_question_is_asked_once_per_run_and_key_and_reads_back_whole()
    {
        await OneRunAsync();

        var first = await Store.AskAsync(Question("a1", "r1", "stage:sign-off@2", T0), None);
        var again = await Store.AskAsync(Question("a2", "r1", "stage:sign-off@2", T0.AddMinutes(1)), None);

        first.ShouldBe(Question("a1", "r1", "stage:sign-off@2", T0));
        again.ShouldBe(first);
        (await Store.ListApprovalsAsync("r1", None)).ShouldHaveSingleItem().ShouldBe(first);
        (await Store.ListPendingApprovalsAsync(None)).ShouldHaveSingleItem().Id.ShouldBe("a1");
    }

    [Fact]
    public async Task An_answer_is_recorded_once_and_the_question_leaves_the_pending_list()
    {
        await OneRunAsync();
        await Store.AskAsync(Question("a1", "r1", "stage:one@1", T0), None);
        await Store.AskAsync(Question("a2", "r1", "stage:two@1", T0.AddSeconds(1)), None);

        var (stored, answered) = await Store.AnswerAsync("a1", ApprovalAnswer.Denied, "alice", T0.AddMinutes(2), "not yet", None);
        var (late, lateAnswered) = await Store.AnswerAsync("a1", ApprovalAnswer.Approved, "bob", T0.AddMinutes(3), null, None);
        var (missing, missingAnswered) = await Store.AnswerAsync("nope", ApprovalAnswer.Approved, "bob", T0, null, None);

        answered.ShouldBeTrue();
        stored!.Answer.ShouldBe(ApprovalAnswer.Denied);
        stored.AnsweredBy.ShouldBe("alice");
        stored.AnsweredAt.ShouldBe(T0.AddMinutes(2));
        stored.Note.ShouldBe("not yet");
        lateAnswered.ShouldBeFalse();
        late.ShouldBe(stored);
        missingAnswered.ShouldBeFalse();
        missing.ShouldBeNull();
        (await Store.ListPendingApprovalsAsync(None)).Select(a => a.Id).ShouldBe(["a2"]);
        (await Store.ListApprovalsAsync("r1", None)).Select(a => a.Id).ShouldBe(["a1", "a2"]);
    }

    [Fact]
    public async Task Of_many_answers_racing_exactly_one_wins()
    {
        await OneRunAsync();
        await Store.AskAsync(Question("a1", "r1", "result@1", T0), None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Store.AnswerAsync("a1", ApprovalAnswer.Approved, $"p{i}", T0.AddSeconds(i), null, None))));

        results.Count(r => r.Answered).ShouldBe(1);
        var winner = results.Single(r => r.Answered).Stored!.AnsweredBy;
        results.ShouldAllBe(r => r.Stored!.AnsweredBy == winner);
    }
}
