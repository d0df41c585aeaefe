using Baton.Core.Application;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Tasks;
using Baton.Core.Text;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;
using Baton.Engine.Recovery;
using Baton.Engine.Scheduling;
using Baton.Engine.Tasks;

namespace Baton.Engine.Application;

/// <summary>
/// The application layer: every operation a surface offers, over the engine. Rules live here once; the CLI, the Matrix
/// bridge and the HTTP API only translate. <see cref="Wake"/> tells this process's queue worker that work was queued.
/// </summary>
public sealed partial class TaskDesk(EngineServices services) : ITaskDesk
{
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TaskState[] Unfinished = [TaskState.Queued, TaskState.Waiting, TaskState.Running, TaskState.Gating, TaskState.Paused, TaskState.NeedsInput];

    private readonly TaskLedger _tasks = new(services);
    private readonly RunStarter _starter = new(services);
    private readonly TaskChecks _checks = new(services);

    /// <summary>Called after something was queued, so a worker in this process looks at once instead of at its next poll.</summary>
    public Action? Wake { get; set; }

    public async Task<TaskItem> CancelAsync(string taskId, Actor by, CancellationToken ct)
    {
        var task = await TaskAsync(taskId, ct);
        if (task.State.IsTerminal())
        {
            throw new DeskException(DeskErrorKind.Conflict, $"task {task.Id} is already {task.State.WireName()}");
        }

        foreach (var run in (await services.Store.ListRunsForTaskAsync(task.Id, ct)).Where(r => !r.State.IsTerminal()))
        {
            await StopAsync(run.Id, by, TimeSpan.FromSeconds(60), ct);
        }

        var moved = await _tasks.MoveAsync(new TaskChange
        {
            TaskId = task.Id,
            To = TaskState.Cancelled,
            Expected = Unfinished,
            Reason = $"cancelled by {by}",
            By = by,
            At = services.Time.GetUtcNow(),
        }, ct);
        return moved ?? await TaskAsync(task.Id, ct);
    }

    public async Task<StopResult> StopAsync(string runId, Actor by, TimeSpan wait, CancellationToken ct)
    {
        await new RunRecovery(services).RecoverAsync(ct);
        var run = await RunAsync(runId, ct);
        if (run.State.IsTerminal())
        {
            return new StopResult(run, true);
        }

        if (run.State is RunState.Interrupted or RunState.NeedsInput || run.Owner is null)
        {
            await new OfflineStop(services).StopAsync(run, $"stopped by {by}", TaskState.Cancelled, by, ct);
            return new StopResult(await RunAsync(run.Id, ct), true);
        }

        await services.Store.SetStopRequestedAsync(run.Id, ct);
        var deadline = services.Time.GetUtcNow() + wait;
        while (services.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(StopPoll, services.Time, ct);
            run = await RunAsync(run.Id, ct);
            if (run.State.IsTerminal() || run.State == RunState.Interrupted)
            {
                return new StopResult(run, true);
            }
        }

        return new StopResult(run, false);
    }

    public async Task<StopResult?> StopTaskAsync(string taskId, Actor by, TimeSpan wait, CancellationToken ct)
    {
        await TaskAsync(taskId, ct);
        var active = (await services.Store.ListRunsForTaskAsync(taskId, ct)).FirstOrDefault(r => r.State.IsActive());
        return active is null ? null : await StopAsync(active.Id, by, wait, ct);
    }

    public async Task<RunRecord> ResumeAsync(string runId, Placement placement, Actor by, CancellationToken ct)
    {
        await new RunRecovery(services).RecoverAsync(ct);
        var run = await RunAsync(runId, ct);
        if (run.State.IsTerminal())
        {
            throw new DeskException(DeskErrorKind.Conflict, $"run {run.Id} already ended ({run.State.WireName()}); `baton retry {run.TaskId}` starts a new run of its task");
        }

        if (run.State == RunState.NeedsInput && (await services.Store.ListApprovalsAsync(run.Id, ct)).FirstOrDefault(a => a.IsPending) is { } question)
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"run {run.Id} waits for a person: {question.Question} (`baton approve {run.Id}` or `baton deny {run.Id}`)");
        }

        if (run.State is not (RunState.Interrupted or RunState.NeedsInput) || run.Owner is not null)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"run {run.Id} is {run.State.WireName()} in process {run.Owner?.Pid} on {run.Owner?.Host}; `baton stop {run.Id}` stops it");
        }

        if (placement == Placement.Queue)
        {
            // Interrupted runs without an owner are resumed by the next worker that looks.
            Wake?.Invoke();
            return run;
        }

        if (await services.Store.TryTakeOwnershipAsync(run.Id, null, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), ct) is null)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"run {run.Id} was just taken by another process");
        }

        return await RunAsync(run.Id, ct);
    }

    public async Task<Submitted> RetryAsync(string taskId, Placement placement, Actor by, CancellationToken ct)
    {
        var task = await ReopenAsync(taskId, null, placement, "a retry", by, ct);
        return await PlaceAsync(task, placement, ct);
    }

    public Task<TaskItem> ContinueAsync(string taskId, string prompt, Actor by, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(prompt)
            ? throw new DeskException(DeskErrorKind.Invalid, "say what to do next: the prompt is empty")
            : ReopenAsync(taskId, prompt, Placement.Queue, "a new turn", by, ct);

    public async Task NewSessionAsync(string taskId, Actor by, CancellationToken ct)
    {
        await TaskAsync(taskId, ct);
        foreach (var agent in services.Config.Agents.Keys)
        {
            await services.Store.ForgetSessionAsync(taskId, agent, ct);
        }
    }

    public Task SetQueuePausedAsync(bool paused, Actor by, CancellationToken ct) =>
        services.Store.SetSettingAsync(QueuePause.Key, paused ? $"paused by {by} at {services.Time.GetUtcNow():O}" : null, ct);

    public Task<bool> IsQueuePausedAsync(CancellationToken ct) => QueuePause.IsPausedAsync(services.Store, ct);

    public Task<ApprovalRecord> ApproveAsync(string runId, string? approvalId, Actor by, CancellationToken ct) =>
        AnswerQuestionAsync(runId, approvalId, ApprovalAnswer.Approved, null, by, ct);

    public Task<ApprovalRecord> DenyAsync(string runId, string? approvalId, string? reason, Actor by, CancellationToken ct) =>
        AnswerQuestionAsync(runId, approvalId, ApprovalAnswer.Denied, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), by, ct);

    public Task AnswerAsync(string runId, string text, Actor by, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(text)
            ? throw new DeskException(DeskErrorKind.Invalid, "the answer is empty: say what the run should do")
            : AnswerQuestionAsync(runId, null, ApprovalAnswer.Answered, text.Trim(), by, ct);

    public async Task<IReadOnlyList<ApprovalRecord>> WaitingAsync(CancellationToken ct)
    {
        var waiting = new List<ApprovalRecord>();
        foreach (var question in await services.Store.ListPendingApprovalsAsync(ct))
        {
            if (await services.Store.GetRunAsync(question.RunId, ct) is { } run && Oversight.PersonAnswers.Waits(run, question))
            {
                waiting.Add(question);
            }
        }

        return waiting;
    }

    public async Task<IReadOnlyList<Core.Reviews.ReviewVerdictRecord>> RequestReviewAsync(string runId, Actor by, CancellationToken ct)
    {
        await new RunRecovery(services).RecoverAsync(ct);
        return await new Oversight.RequestedReview(services).RunAsync(await RunAsync(runId, ct), by, ct);
    }

    /// <summary>
    /// Executes a run this process owns (from <see cref="Placement.Here"/>) to its end. A run that parks for a person is
    /// waited for (holding no process and no slot) and continued here once answered — or followed, when another process
    /// took it first — until it ends or <paramref name="shutdown"/> ends the wait (the run stays parked).
    /// </summary>
    public async Task<RunOutcome> ExecuteAsync(RunRecord run, IRunObserver? observer, CancellationToken shutdown)
    {
        var outcome = await _starter.ContinueAsync(run.Id, observer, shutdown);
        var wait = new Oversight.AnswerWait(services);
        while (outcome.State == RunState.NeedsInput)
        {
            RunRecord settled;
            try
            {
                settled = await wait.UntilAnsweredAsync(run.Id, observer, shutdown);
                if (settled.State == RunState.NeedsInput
                    && await services.Store.TryTakeOwnershipAsync(run.Id, null, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), shutdown) is null)
                {
                    settled = await wait.UntilSettledElsewhereAsync(run.Id, observer, shutdown);
                }
                else if (settled.State == RunState.NeedsInput)
                {
                    outcome = await _starter.ContinueAsync(run.Id, observer, shutdown);
                    continue;
                }
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                return outcome;
            }

            outcome = new RunOutcome(settled.TaskId, settled.Id, settled.State, settled.Reason ?? RunReason.WaitingForPerson, settled.Message);
        }

        return outcome;
    }

    /// <summary>A task back on the queue (or claimed here) for one more run; what an interrupted run left is superseded.</summary>
    private async Task<TaskItem> ReopenAsync(string taskId, string? prompt, Placement placement, string why, Actor by, CancellationToken ct)
    {
        await new RunRecovery(services).RecoverAsync(ct);
        var task = await TaskAsync(taskId, ct);
        var runs = await services.Store.ListRunsForTaskAsync(taskId, ct);
        if (runs.FirstOrDefault(r => r.State.IsActive()) is { } active)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"task {task.Id} has run {active.Id} (#{active.Number}) still {active.State.WireName()}; wait for it or stop it first (`baton stop {active.Id}`)");
        }

        if (task.State is TaskState.Queued or TaskState.Waiting && placement == Placement.Queue)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"task {task.Id} is already {task.State.WireName()}");
        }

        foreach (var parked in runs.Where(r => r.State is RunState.Interrupted or RunState.NeedsInput))
        {
            await new OfflineStop(services).StopAsync(parked, $"superseded by {why}", null, by, ct);
        }

        var to = placement == Placement.Here ? TaskState.Running : TaskState.Queued;
        try
        {
            var moved = await _tasks.MoveAsync(new TaskChange
            {
                TaskId = task.Id,
                To = to,
                Prompt = prompt,
                AllowOneMoreRun = true,
                Reason = $"{why} by {by}",
                By = by,
                Claimer = services.ProcessControl.CurrentOwner,
                At = services.Time.GetUtcNow(),
            }, ct);
            return moved!;
        }
        catch (IllegalTransitionException ex)
        {
            throw new DeskException(DeskErrorKind.Conflict, ex.Message);
        }
    }

    private async Task<Submitted> PlaceAsync(TaskItem task, Placement placement, CancellationToken ct)
    {
        if (placement == Placement.Here)
        {
            return new Submitted(task, false, await _starter.CreateRunAsync(task, ct));
        }

        Wake?.Invoke();
        return new Submitted(task, false, null);
    }

    public async Task<BranchDiff> DiffAsync(string taskId, CancellationToken ct) =>
        await new TaskLanding(services).DiffAsync(await TaskAsync(taskId, ct), ct);

    public async Task<MergeOutcome> MergeAsync(string taskId, bool squash, Actor by, CancellationToken ct) =>
        await new TaskLanding(services).MergeAsync(await TaskAsync(taskId, ct), squash, by, ct);

    private async Task<ApprovalRecord> AnswerQuestionAsync(string runId, string? approvalId, ApprovalAnswer answer, string? note, Actor by, CancellationToken ct)
    {
        await new RunRecovery(services).RecoverAsync(ct);
        var answered = await new Oversight.PersonAnswers(services).AnswerAsync(await RunAsync(runId, ct), approvalId, answer, note, by, ct);
        Wake?.Invoke();
        return answered;
    }

    private async Task<TaskItem> TaskAsync(string id, CancellationToken ct) =>
        await services.Store.GetTaskAsync(id, ct)
        ?? throw new DeskException(DeskErrorKind.NotFound, $"no task `{id}`; `baton tasks list` shows the tasks");

    private async Task<RunRecord> RunAsync(string id, CancellationToken ct) =>
        await services.Store.GetRunAsync(id, ct)
        ?? throw new DeskException(DeskErrorKind.NotFound, $"no run `{id}`; `baton status` shows the runs");
}
