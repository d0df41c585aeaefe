using Baton.Core.Model;
using Baton.Core.Tasks;
using Baton.Core.Workspaces;

namespace Baton.Core.Application;

/// <summary>
/// Everything a person can do with tasks and runs, in one place, whatever the surface (CLI, chat, HTTP). Surfaces only
/// translate: they parse their input, call here with who is asking, and render the result or the
/// <see cref="DeskException"/>. Every state change goes through the transition tables and is an event.
/// </summary>
public interface ITaskDesk
{
    /// <summary>Validates and queues a task (or, with <see cref="Placement.Here"/>, claims it and makes its run).</summary>
    /// <exception cref="DeskException"><see cref="DeskErrorKind.Invalid"/> with every problem; nothing is stored.</exception>
    Task<Submitted> SubmitAsync(TaskDraft draft, SubmitOptions options, Actor by, CancellationToken ct);

    /// <summary>
    /// Submits several tasks at once (a task file): each is checked before the first is stored, so a bad one changes
    /// nothing. A dependency may name another draft of the batch (its <c>id</c> or external key), a task's external key,
    /// or a task id. Drafts whose external key is known are left as they are. Drafts must come dependencies first.
    /// </summary>
    Task<IReadOnlyList<Submitted>> SubmitManyAsync(IReadOnlyList<TaskDraft> drafts, SubmitOptions options, Actor by, CancellationToken ct);

    /// <summary>As <see cref="SubmitAsync"/> from a task as JSON (fields of <c>baton tasks add --json</c>).</summary>
    Task<Submitted> SubmitJsonAsync(string json, string externalKey, SubmitOptions options, Actor by, CancellationToken ct);

    /// <summary>Cancels a task; a run in progress is stopped first.</summary>
    Task<TaskItem> CancelAsync(string taskId, Actor by, CancellationToken ct);

    /// <summary>Stops a run: its owner is asked (and waited for up to <paramref name="wait"/>), or it is ended here when it has none.</summary>
    Task<StopResult> StopAsync(string runId, Actor by, TimeSpan wait, CancellationToken ct);

    /// <summary>The active run of a task, stopped as <see cref="StopAsync"/> does; null when nothing runs.</summary>
    Task<StopResult?> StopTaskAsync(string taskId, Actor by, TimeSpan wait, CancellationToken ct);

    /// <summary>Continues an interrupted run from its first unfinished stage; with <see cref="Placement.Here"/> this process owns it.</summary>
    Task<RunRecord> ResumeAsync(string runId, Placement placement, Actor by, CancellationToken ct);

    /// <summary>A new run of a task (same workspace and branch); an interrupted run of it is superseded.</summary>
    Task<Submitted> RetryAsync(string taskId, Placement placement, Actor by, CancellationToken ct);

    /// <summary>Another turn in the task's agent session with a new prompt (a new run of the same task).</summary>
    Task<TaskItem> ContinueAsync(string taskId, string prompt, Actor by, CancellationToken ct);

    /// <summary>Forgets the task's agent sessions, so its next turn starts a fresh conversation.</summary>
    Task NewSessionAsync(string taskId, Actor by, CancellationToken ct);

    /// <summary>Stops (or lets) the queue start new work; runs in progress go on. Every Baton process on the store obeys.</summary>
    Task SetQueuePausedAsync(bool paused, Actor by, CancellationToken ct);

    Task<bool> IsQueuePausedAsync(CancellationToken ct);

    /// <summary>
    /// Approves what a parked run waits for (<paramref name="approvalId"/> picks one of several); the run goes on in the
    /// next worker, or the foreground command waiting for it. <see cref="DeskErrorKind.NothingWaiting"/> when nothing
    /// waits, <see cref="DeskErrorKind.Forbidden"/> for the task's own requester with self-approval off. A command an
    /// agent of a live run waits on (<see cref="ApprovalKind.Command"/>) is answered the same way; the agent runs it.
    /// Returns the question as answered.
    /// </summary>
    Task<ApprovalRecord> ApproveAsync(string runId, string? approvalId, Actor by, CancellationToken ct);

    /// <summary>
    /// Denies what a parked run waits for: the run ends failed (<c>approval_denied</c>) and its task escalated. A command
    /// an agent waits on is declined instead: the agent is told no and the run goes on.
    /// </summary>
    Task<ApprovalRecord> DenyAsync(string runId, string? approvalId, string? reason, Actor by, CancellationToken ct);

    /// <summary>Every question waiting for a person, oldest first: a parked run's, or a command a running run's agent waits on (not one whose run ended otherwise).</summary>
    Task<IReadOnlyList<ApprovalRecord>> WaitingAsync(CancellationToken ct);

    /// <summary>Answers an escalation's question.</summary>
    Task AnswerAsync(string runId, string text, Actor by, CancellationToken ct);

    /// <summary>
    /// Asks the reviewers of the run's pipeline for verdicts on its work now (a run that has ended or waits for a person):
    /// verdicts and the policy's decision are recorded on the run as advice; its state does not change.
    /// </summary>
    Task<IReadOnlyList<Reviews.ReviewVerdictRecord>> RequestReviewAsync(string runId, Actor by, CancellationToken ct);

    /// <summary>The task's branch against the project's default branch: files changed and the patch.</summary>
    Task<BranchDiff> DiffAsync(string taskId, CancellationToken ct);

    /// <summary>Merges a succeeded task's branch into the default branch (fast-forward when possible; <paramref name="squash"/>: one commit). Nothing is half-merged.</summary>
    /// <exception cref="DeskException"><see cref="DeskErrorKind.Conflict"/> when the task did not succeed or the branches conflict; nothing changed.</exception>
    Task<MergeOutcome> MergeAsync(string taskId, bool squash, Actor by, CancellationToken ct);
}
