using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Engine.Oversight;

/// <summary>
/// Where a run needs a person's word: an <c>approval</c> stage, and — with <c>policy.approval: always</c> — the result
/// before it counts. An answer already given decides; otherwise the run parks (<see cref="ParkRequestException"/>).
/// </summary>
public sealed class ApprovalGate(EngineServices services)
{
    /// <summary>An approval stage: succeeds once approved, fails once denied, parks the run until then.</summary>
    public async Task<StageOutcome> StageAsync(RunContext ctx, PlannedStage stage)
    {
        var key = $"stage:{stage.Id}@{ctx.Attempt}";
        var question = string.IsNullOrWhiteSpace(stage.Config.Prompt)
            ? $"May task {ctx.Task.Id} (\"{ctx.Task.Title}\") go on past stage `{stage.Id}`?"
            : stage.Config.Prompt.Trim();
        return await AnswerAsync(ctx.Run.Id, key) switch
        {
            { Answer: ApprovalAnswer.Denied } denied => StageOutcome.Fail(RunReason.ApprovalDenied, Denial(denied)),
            { Answer: { } } approved => StageOutcome.Ok(null, $"approved by {approved.AnsweredBy}{(approved.Note is { } n ? ": " + n : "")}"),
            _ => throw new ParkRequestException(ApprovalKind.Approval, key, question, stage.Id),
        };
    }

    /// <summary>
    /// With <c>policy.approval: always</c>, a run whose gates passed asks before it succeeds. Returns null when the result
    /// counts (approved, or the policy does not ask), or the denial; parks the run while nobody has answered.
    /// </summary>
    public async Task<ApprovalRecord?> ResultAsync(RunContext ctx)
    {
        if (services.Config.Policy.Approval != ApprovalPolicy.Always)
        {
            return null;
        }

        var key = ResultKey(ctx.Attempt);
        return await AnswerAsync(ctx.Run.Id, key) switch
        {
            { Answer: ApprovalAnswer.Denied } denied => denied,
            { Answer: { } } => null,
            _ => throw new ParkRequestException(ApprovalKind.Approval, key,
                $"Task {ctx.Task.Id} (\"{ctx.Task.Title}\") passed its gates on branch {ctx.Run.Branch}: approve the result?", null),
        };
    }

    /// <summary>Whether the result of this attempt was already approved (a resumed run does not run its gates again).</summary>
    public async Task<bool> ResultApprovedAsync(RunContext ctx) =>
        services.Config.Policy.Approval == ApprovalPolicy.Always
        && await AnswerAsync(ctx.Run.Id, ResultKey(ctx.Attempt)) is { Answer: ApprovalAnswer.Approved or ApprovalAnswer.Answered };

    public static string Denial(ApprovalRecord denied) =>
        $"denied by {denied.AnsweredBy}{(denied.Note is { } n ? ": " + n : "")}";

    private static string ResultKey(int attempt) => $"result@{attempt}";

    private async Task<ApprovalRecord?> AnswerAsync(string runId, string key) =>
        (await services.Store.ListApprovalsAsync(runId, CancellationToken.None)).FirstOrDefault(a => a.Key == key);
}
