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
/// (denied: failed, <c>approval_denied</c>, its task <c>escalated</c>). A command an agent of a live run waits on is
/// answered by its row alone (<see cref="CommandConfirmation"/>).
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

        if (question.Kind == ApprovalKind.Command)
        {
            return await AnswerCommandAsync(run, question, answer, note, by, ct);
        }

        if (await services.Store.TryTakeOwnershipAsync(run.Id, null, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), ct) is not { } epoch)
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

    /// <summary>
    /// A command an agent waits on: the run is live and held by its own process, which alone writes its events; the
    /// answer is the row, and that process writes <c>approval.answered</c> and lets the agent go on (or not).
    /// </summary>
    private async Task<ApprovalRecord> AnswerCommandAsync(RunRecord run, ApprovalRecord question, ApprovalAnswer answer, string? note, Actor by, CancellationToken ct)
    {
        if (answer == ApprovalAnswer.Answered)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"run {run.Id} waits for a yes or no on a command: `baton approve {run.Id}` or `baton deny {run.Id} --reason …`");
        }

        var (stored, answered) = await services.Store.AnswerAsync(question.Id, answer, by.ToString(), services.Time.GetUtcNow(), note, ct);
        if (!answered || stored is null)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"question {question.Id} of run {run.Id} was already {stored?.Answer?.WireName() ?? "answered"} by {stored?.AnsweredBy}");
        }

        return stored;
    }

    /// <summary>
    /// Whether <paramref name="question"/> of <paramref name="run"/> still waits for a person: a parked run waits on its
    /// questions, a live one only on a command its agent waits to run; a run that ended otherwise (stopped, cancelled)
    /// leaves its question stored but waiting for nobody.
    /// </summary>
    public static bool Waits(RunRecord run, ApprovalRecord question) =>
        question.IsPending && (run.State == RunState.NeedsInput || (!run.State.IsTerminal() && question.Kind == ApprovalKind.Command));

    /// <summary>The question the answer is for: the one named, or the only one waiting.</summary>
    private async Task<ApprovalRecord> PendingAsync(RunRecord run, string? approvalId, ApprovalAnswer answer, CancellationToken ct)
    {
        var what = answer == ApprovalAnswer.Answered ? "an answer" : "approval";
        var pending = (await services.Store.ListApprovalsAsync(run.Id, ct)).Where(a => Waits(run, a)).ToList();
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
