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

/// <summary>Submitting tasks: one, many (a task file, all or nothing), or one from a JSON body.</summary>
public sealed partial class TaskDesk
{
    public async Task<Submitted> SubmitAsync(TaskDraft draft, SubmitOptions options, Actor by, CancellationToken ct)
    {
        if (await services.Store.FindTaskByExternalKeyAsync(draft.ExternalKey, ct) is { } known)
        {
            return new Submitted(known, false, null);
        }

        var task = await _checks.CheckAsync(draft, options, by, null, ct);
        // A task run here is claimed at birth, so a worker in another process never takes it.
        var added = await _tasks.AddAsync(
            options.Placement == Placement.Here
                ? task with { State = TaskState.Running, Claim = new TaskClaim(services.ProcessControl.CurrentOwner, services.Time.GetUtcNow()) }
                : task,
            by,
            ct);
        if (!added.Created)
        {
            return new Submitted(added.Task, false, null);
        }

        return await PlaceAsync(added.Task, options.Placement, ct) with { Created = true };
    }

    public async Task<IReadOnlyList<Submitted>> SubmitManyAsync(IReadOnlyList<TaskDraft> drafts, SubmitOptions options, Actor by, CancellationToken ct)
    {
        var keyToId = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new Submitted?[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            if (await services.Store.FindTaskByExternalKeyAsync(drafts[i].ExternalKey, ct) is { } known)
            {
                keyToId[drafts[i].ExternalKey] = known.Id;
                results[i] = new Submitted(known, false, null);
            }
        }

        async Task<string?> ResolveAsync(string dep)
        {
            foreach (var key in new[] { dep, "json:" + dep, "md:" + dep })
            {
                if (keyToId.TryGetValue(key, out var id))
                {
                    return id;
                }
            }

            return (await services.Store.FindTaskByExternalKeyAsync(dep, ct) ?? await services.Store.GetTaskAsync(dep, ct))?.Id;
        }

        var problems = new List<(string Title, string Problem)>();
        var fresh = new List<(int Index, TaskItem Task)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            if (results[i] is not null)
            {
                continue;
            }

            try
            {
                var task = await _checks.CheckAsync(drafts[i], options, by, ResolveAsync, ct);
                keyToId[drafts[i].ExternalKey] = task.Id;
                fresh.Add((i, task));
            }
            catch (DeskException ex)
            {
                problems.AddRange(ex.Problems.Select(p => (drafts[i].Title, p)));
            }
        }

        if (problems.Count > 0)
        {
            throw new DeskException(DeskErrorKind.Invalid, $"{problems.Count} problem(s) in the tasks; nothing was queued", Grouped(problems));
        }

        foreach (var (i, task) in fresh)
        {
            var added = await _tasks.AddAsync(task, by, ct);
            results[i] = new Submitted(added.Task, added.Created, null);
        }

        Wake?.Invoke();
        return results.Select(r => r!).ToList();
    }

    public async Task<Submitted> SubmitJsonAsync(string json, string externalKey, SubmitOptions options, Actor by, CancellationToken ct)
    {
        if (await services.Store.FindTaskByExternalKeyAsync(externalKey, ct) is { } known)
        {
            return new Submitted(known, false, null);
        }

        var (draft, errors) = TaskJson.ParseOne(json);
        if (draft is null || errors.Count > 0)
        {
            throw new DeskException(DeskErrorKind.Invalid, "the task JSON is not valid; nothing was queued", errors.Select(e => e.ToString()).ToList());
        }

        return await SubmitAsync(draft with { ExternalKey = externalKey, Requester = draft.Requester ?? by.Name }, options, by, ct);
    }

    /// <summary>
    /// One line a problem: a problem many tasks share (a file of 1,000 tasks and no agent configured) is said once, with
    /// how many tasks and the first few of them, not once a task.
    /// </summary>
    private static List<string> Grouped(List<(string Title, string Problem)> problems) =>
        [.. problems.GroupBy(p => p.Problem, StringComparer.Ordinal).SelectMany(g => g.Count() <= 3
            ? g.Select(p => $"{p.Title}: {p.Problem}")
            : [$"{g.Count()} tasks ({string.Join(", ", g.Take(3).Select(p => p.Title))}, …): {g.Key}"])];
}
