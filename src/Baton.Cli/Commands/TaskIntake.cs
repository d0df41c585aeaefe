using Baton.Cli.Hosting;
using Baton.Config;
using Baton.Config.Tasks;
using Baton.Core.Model;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;

namespace Baton.Cli.Commands;

/// <summary>Turns a task draft (flags, JSON, a task file) into a checked task, ready to store.</summary>
public static class TaskIntake
{
    /// <param name="resolveDependency">Maps a dependency as written to a task id; null means the ids are task ids.</param>
    public static async Task<TaskItem> FromDraftAsync(BatonApp app, TaskDraft draft, TaskSource source, Func<string, string?>? resolveDependency, CancellationToken ct)
    {
        var problems = new List<string>();
        try
        {
            var project = RunSetup.Project(app.Config, draft.Project);
            var pipeline = RunSetup.Pipeline(app.Config, draft.Pipeline ?? project.Pipeline);
            if (draft.Stage is { } stage)
            {
                StagePlan.Build(app.Config, pipeline, stage);
            }
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
        }

        if (draft.Agent is { } agent && !app.Config.Agents.ContainsKey(agent))
        {
            problems.Add($"unknown agent `{agent}`; configured agents: {string.Join(", ", app.Config.Agents.Keys)}");
        }

        var deps = new List<string>();
        foreach (var dep in draft.DependsOn)
        {
            var id = resolveDependency is null ? dep : resolveDependency(dep);
            if (id is null || (resolveDependency is null && await app.Store.GetTaskAsync(id, ct) is null))
            {
                problems.Add($"depends_on: no task `{dep}`");
            }
            else
            {
                deps.Add(id);
            }
        }

        if (problems.Count > 0)
        {
            throw new UserErrorException($"task `{draft.Title}` is not valid; nothing was queued", problems);
        }

        var task = draft.ToTask(Ids.NewTaskId(), source, app.Services.Time.GetUtcNow());
        return task with { DependsOn = deps, Requester = draft.Requester ?? Environment.UserName };
    }
}
