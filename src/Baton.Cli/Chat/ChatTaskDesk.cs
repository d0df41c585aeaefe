using Baton.Cli.Commands;
using Baton.Cli.Hosting;
using Baton.Config.Tasks;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Engine.Recovery;
using Baton.Matrix.Bridge;

namespace Baton.Cli.Chat;

/// <summary>The bridge's way into the engine: tasks from chat go through the same checks as the CLI's, runs are steered in the store.</summary>
public sealed class ChatTaskDesk(BatonApp app, Action wakeQueue) : ITaskDesk
{
    public async Task<TaskItem> SubmitAsync(ChatTaskRequest request, CancellationToken ct)
    {
        if (await app.Store.FindTaskByExternalKeyAsync(request.ExternalKey, ct) is { } known)
        {
            return known;
        }

        var draft = new TaskDraft
        {
            ExternalKey = request.ExternalKey,
            Title = TaskTitles.FromPrompt(request.Prompt, null),
            Prompt = request.Prompt,
            Project = request.Project.Length == 0 ? null : request.Project,
            Requester = request.Requester,
        };
        try
        {
            var task = await TaskIntake.FromDraftAsync(app, draft, TaskSource.Matrix, null, ct);
            var (stored, _) = await app.Store.AddTaskIfNewAsync(task, ct);
            wakeQueue();
            return stored;
        }
        catch (UserErrorException ex)
        {
            throw new InvalidOperationException(string.Join("; ", ex.Details.Prepend(ex.Message)), ex);
        }
    }

    public async Task<(TaskItem? Task, IReadOnlyList<string> Errors)> SubmitJsonAsync(string json, string requester, string externalKey, CancellationToken ct)
    {
        if (await app.Store.FindTaskByExternalKeyAsync(externalKey, ct) is { } known)
        {
            return (known, []);
        }

        var (draft, errors) = TaskJson.ParseOne(json);
        if (draft is null)
        {
            return (null, errors.Select(e => e.ToString()).ToList());
        }

        try
        {
            var task = await TaskIntake.FromDraftAsync(app, draft with { ExternalKey = externalKey, Requester = requester }, TaskSource.Matrix, null, ct);
            var (stored, _) = await app.Store.AddTaskIfNewAsync(task, ct);
            wakeQueue();
            return (stored, []);
        }
        catch (UserErrorException ex)
        {
            return (null, ex.Details.Count > 0 ? ex.Details : [ex.Message]);
        }
    }

    public async Task<string> ContinueAsync(string taskId, string prompt, string requester, CancellationToken ct) =>
        await RequeueAsync(taskId, prompt, "Another turn is queued in this room's session", ct);

    public async Task<string> RetryAsync(string taskId, CancellationToken ct) =>
        await RequeueAsync(taskId, null, "The task is queued to run again", ct);

    public async Task<string> NewSessionAsync(string taskId, CancellationToken ct)
    {
        foreach (var agent in app.Config.Agents.Keys)
        {
            await app.Store.ForgetSessionAsync(taskId, agent, ct);
        }

        return "The next turn starts a fresh agent session (the workspace and branch stay).";
    }

    public async Task<string> StopAsync(string taskId, CancellationToken ct)
    {
        var active = (await app.Store.ListRunsForTaskAsync(taskId, ct)).FirstOrDefault(r => r.State.IsActive());
        if (active is null)
        {
            return "Nothing is running in this task.";
        }

        await app.Store.SetStopRequestedAsync(active.Id, ct);
        return $"Stopping run {active.Number}…";
    }

    private async Task<string> RequeueAsync(string taskId, string? prompt, string done, CancellationToken ct)
    {
        await new RunRecovery(app.Services).RecoverAsync(ct);
        var task = await app.Store.GetTaskAsync(taskId, ct) ?? throw new InvalidOperationException($"task {taskId} is gone");
        var runs = await app.Store.ListRunsForTaskAsync(taskId, ct);
        if (runs.FirstOrDefault(r => r.State.IsActive()) is { } active)
        {
            return $"Run {active.Number} is still {active.State.WireName()}; wait for it or !stop it first.";
        }

        if (task.State is TaskState.Queued or TaskState.Waiting)
        {
            return "The task is already queued.";
        }

        foreach (var interrupted in runs.Where(r => r.State == RunState.Interrupted))
        {
            await new OfflineStop(app.Services).StopAsync(interrupted, "superseded by a new turn", TaskState.Queued, ct);
        }

        await app.Store.UpdateTaskAsync(task with
        {
            Prompt = prompt ?? task.Prompt,
            State = TaskState.Queued,
            MaxAttempts = Math.Max(task.MaxAttempts, task.Attempts + 1),
            Reason = null,
            NotBefore = null,
            UpdatedAt = app.Services.Time.GetUtcNow(),
        }, ct);
        wakeQueue();
        return done + ".";
    }
}
