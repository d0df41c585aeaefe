using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Oversight;

/// <summary>
/// Asks a person whether an agent may run a command <c>policy.confirm_commands</c> names, while the agent waits: the
/// question is stored (so every surface can answer it: the CLI, the API, Matrix), <c>policy.confirm</c> and
/// <c>approval.requested</c> are written, and the answer row is watched until it comes or <c>policy.confirm_timeout</c>
/// passes (then Baton declines it). The run is not parked and keeps its process; only this process writes the run's
/// events, so an answerer elsewhere writes the answer row and the <c>approval.answered</c> event is written here.
/// </summary>
public sealed class CommandConfirmation(EngineServices services, RunContext ctx, string stage)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>The question as answered: by a person, or declined by Baton when nobody answered in time.</summary>
    public async Task<ApprovalRecord> AskAsync(string command, CommandDecision decision, CancellationToken ct)
    {
        var now = services.Time.GetUtcNow();
        var deadline = now + services.Config.Policy.ConfirmTimeout;
        var id = Ids.NewApprovalId();
        var question = await services.Store.AskAsync(new ApprovalRecord
        {
            Id = id,
            RunId = ctx.Run.Id,
            TaskId = ctx.Task.Id,
            Key = $"command:{id}",
            Kind = ApprovalKind.Command,
            Question = $"may the agent run `{command}`? (`{decision.Pattern}` is in policy.confirm_commands; declined at {deadline:HH:mm:ss} UTC without an answer)",
            Stage = stage,
            Attempt = ctx.Attempt,
            RequestedAt = now,
        }, ct);
        ctx.Journal.Emit(stage, new PolicyConfirmData { Command = command, Pattern = decision.Pattern!, ApprovalId = id, Deadline = deadline });
        ctx.Journal.Emit(stage, new ApprovalRequestedData { Id = id, Reason = question.Question, Kind = ApprovalKind.Command.WireName() });
        await ctx.Journal.FlushAsync(ct);

        var answered = await WaitAsync(question, deadline, ct);
        ctx.Journal.Emit(stage, new ApprovalAnsweredData
        {
            Id = id,
            Approved = answered.Answer == ApprovalAnswer.Approved,
            Answer = answered.Answer?.WireName(),
            By = answered.AnsweredBy,
            Note = answered.Note,
        });
        return answered;
    }

    private async Task<ApprovalRecord> WaitAsync(ApprovalRecord question, DateTimeOffset deadline, CancellationToken ct)
    {
        try
        {
            while (services.Time.GetUtcNow() < deadline)
            {
                if ((await services.Store.ListApprovalsAsync(question.RunId, ct)).FirstOrDefault(a => a.Id == question.Id) is { IsPending: false } answered)
                {
                    return answered;
                }

                await Task.Delay(Poll, services.Time, ct);
            }

            return await DeclineAsync(question, $"no answer within policy.confirm_timeout ({Durations.Format(services.Config.Policy.ConfirmTimeout)})", CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The turn or the run ended first: the question must not stay open for someone to answer in vain.
            var closed = await DeclineAsync(question, "the agent's turn ended before an answer", CancellationToken.None);
            ctx.Journal.Emit(stage, new ApprovalAnsweredData { Id = question.Id, Answer = closed.Answer?.WireName(), By = closed.AnsweredBy, Note = closed.Note });
            throw;
        }
    }

    /// <summary>Baton declines the question, unless someone answered it just now (then theirs stands).</summary>
    private async Task<ApprovalRecord> DeclineAsync(ApprovalRecord question, string why, CancellationToken ct)
    {
        var (stored, _) = await services.Store.AnswerAsync(question.Id, ApprovalAnswer.Denied, "baton", services.Time.GetUtcNow(), why, ct);
        return stored ?? question with { Answer = ApprovalAnswer.Denied, AnsweredBy = "baton", Note = why };
    }
}
