using Baton.Core.Application;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Engine.Execution;
using Baton.Engine.Journal;
using Baton.Engine.Recovery;

namespace Baton.Engine.Oversight;

/// <summary>
/// A person's answer to a parked run's question. The answerer holds the run while it writes (so no worker resumes it
/// half answered), records the answer once (of two racing, one wins), writes <c>approval.answered</c>, then either lets
/// the run go (approved or answered: the next worker, or the waiting foreground command, continues it) or ends it
/// (denied: failed, <c>approval_denied</c>, its task <c>escalated</c>).
/// </summary>
public sealed class PersonAnswers(EngineServices services)
{
    public async Task<ApprovalRecord> AnswerAsync(RunRecord run, string? approvalId, ApprovalAnswer answer, string? note, Actor by, CancellationToken ct)
    {
        var question = await PendingAsync(run, approvalId, answer, ct);
        var task = await services.Store.GetTaskAsync(run.TaskId, ct);
        if (answer != ApprovalAnswer.Denied && !services.Config.Policy.AllowSelfApproval && task?.Requester is { } requester
            && string.Equals(requester, by.Name, StringComparison.Ordinal))
        {
            throw new DeskException(DeskErrorKind.Forbidden,
                $"task {run.TaskId} was asked for by {requester}, and policy.allow_self_approval is false: someone else must approve it");
        }

        if (await services.Store.TryTakeOwnershipAsync(run.Id, null, services.ProcessControl.CurrentOwner, ct) is not { } epoch)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"run {run.Id} is being changed by another process; look again with `baton status {run.Id}`");
        }

        var released = false;
        try
        {
            var now = services.Time.GetUtcNow();
            var (stored, answered) = await services.Store.AnswerAsync(question.Id, answer, by.ToString(), now, note, ct);
            if (!answered || stored is null)
            {
                throw new DeskException(DeskErrorKind.Conflict,
                    $"question {question.Id} of run {run.Id} was already {stored?.Answer?.WireName() ?? "answered"} by {stored?.AnsweredBy}");
            }

            await using (var files = services.Files.Open(run.TaskId, run.Id))
            await using (var journal = await RunJournal.OpenAsync(run.TaskId, run.Id, services.Store, files, services.Time, ct))
            {
                journal.Emit(question.Stage, new ApprovalAnsweredData
                {
                    Id = stored.Id,
                    Approved = answer != ApprovalAnswer.Denied,
                    Answer = answer.WireName(),
                    By = by.ToString(),
                    Note = note,
                });
            }

            if (answer == ApprovalAnswer.Denied)
            {
                var message = $"{question.Question} — {ApprovalGate.Denial(stored)}";
                await new OfflineStop(services).EndAsync(run, epoch, new OfflineEnd(RunState.Failed, RunReason.ApprovalDenied, message, TaskState.Escalated), by, ct);
            }
            else
            {
                await services.Store.TransitionRunAsync(new RunChange { RunId = run.Id, Epoch = epoch, ReleaseOwner = true }, ct);
            }

            released = true;
            return stored;
        }
        finally
        {
            if (!released)
            {
                await services.Store.TransitionRunAsync(new RunChange { RunId = run.Id, Epoch = epoch, ReleaseOwner = true }, CancellationToken.None);
            }
        }
    }

    /// <summary>The question the answer is for: the one named, or the only one waiting.</summary>
    private async Task<ApprovalRecord> PendingAsync(RunRecord run, string? approvalId, ApprovalAnswer answer, CancellationToken ct)
    {
        var what = answer == ApprovalAnswer.Answered ? "an answer" : "approval";
        var pending = run.State == RunState.NeedsInput
            ? (await services.Store.ListApprovalsAsync(run.Id, ct)).Where(a => a.IsPending).ToList()
            : [];
        if (pending.Count == 0)
        {
            throw new DeskException(DeskErrorKind.NothingWaiting, $"nothing is waiting for {what} in run {run.Id} (it is {run.State.WireName()})");
        }

        ApprovalRecord question;
        if (approvalId is not null)
        {
            question = pending.FirstOrDefault(a => a.Id == approvalId)
                ?? throw new DeskException(DeskErrorKind.NotFound,
                    $"run {run.Id} has no question `{approvalId}` waiting; waiting: {string.Join(", ", pending.Select(a => a.Id))}");
        }
        else if (pending.Count > 1)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"{pending.Count} questions wait on run {run.Id}; say which with --id: {string.Join("; ", pending.Select(a => $"{a.Id} ({a.Question})"))}");
        }
        else
        {
            question = pending[0];
        }

        if (answer == ApprovalAnswer.Answered && question.Kind != ApprovalKind.Escalation)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"run {run.Id} waits for an approval, not an answer: `baton approve {run.Id}` or `baton deny {run.Id} --reason …`");
        }

        return question;
    }
}
