using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Tasks;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Application;

/// <summary>
/// The one validation of a task, whatever its source: every problem is collected (not just the first), and nothing is
/// stored unless there are none.
/// </summary>
internal sealed class TaskChecks(EngineServices services)
{
    /// <param name="resolve">Maps a dependency as written to a task id (null: not found); without it dependencies are task ids.</param>
    public async Task<TaskItem> CheckAsync(TaskDraft draft, SubmitOptions options, Actor by, Func<string, Task<string?>>? resolve, CancellationToken ct)
    {
        var config = services.Config;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            problems.Add("title: a task needs a title (what should be done, in a line)");
        }

        if (draft.MaxAttempts is < 1)
        {
            problems.Add("max_attempts: must be at least 1");
        }

        ProjectConfig? project = null;
        StagePlan? plan = null;
        try
        {
            project = RunSetup.Project(config, draft.Project);
            var pipeline = RunSetup.Pipeline(config, draft.Pipeline ?? project.Pipeline);
            plan = StagePlan.Build(config, pipeline, draft.Stage);
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
        }

        if (draft.Agent is { } agent && !config.Agents.ContainsKey(agent))
        {
            problems.Add(config.Agents.Count == 0
                ? $"agent: unknown agent `{agent}`; no agents are configured: add one under `agents:` in baton.yaml"
                : $"agent: unknown agent `{agent}`; configured agents: {string.Join(", ", config.Agents.Keys)}");
        }
        else if (plan is not null && draft.Agent is null && config.DefaultAgent is null
            && plan.Stages.Any(s => s.Config.Kind == StageKind.Agent && s.Config.Agent is null))
        {
            problems.Add("agent: no agent configured: add one under `agents:` in baton.yaml (e.g. `shell: { kind: command, command: \"my-agent {prompt_file}\" }`) or pass --agent");
        }

        var deps = new List<string>();
        foreach (var dep in draft.DependsOn)
        {
            var id = resolve is null ? (await services.Store.GetTaskAsync(dep, ct))?.Id : await resolve(dep);
            if (id is null)
            {
                problems.Add($"depends_on: no task `{dep}`");
            }
            else
            {
                deps.Add(id);
            }
        }

        if (problems.Count == 0 && options.CheckRepository && project is not null)
        {
            await CheckRepositoryAsync(project, options.AllowDirty, problems, ct);
        }

        if (problems.Count > 0)
        {
            throw new DeskException(DeskErrorKind.Invalid, $"task `{draft.Title}` is not valid; nothing was queued", problems);
        }

        var task = draft.ToTask(Ids.NewTaskId(), options.Source, services.Time.GetUtcNow());
        return task with { DependsOn = deps, Requester = draft.Requester ?? by.Name };
    }

    private async Task CheckRepositoryAsync(ProjectConfig project, bool allowDirty, List<string> problems, CancellationToken ct)
    {
        try
        {
            var repo = await services.Workspaces.InspectAsync(RunSetup.RepoPath(services, project), project.DefaultBranch, ct);
            if (!allowDirty && repo.HasTrackedChanges && repo.CurrentBranch == repo.DefaultBranch)
            {
                problems.Add($"{repo.Root} has uncommitted changes on `{repo.DefaultBranch}`; tasks start from the branch's last commit, " +
                    "so they would not see them: commit or stash them first, or pass --allow-dirty to run without them");
            }
        }
        catch (Exception ex) when (ex is WorkspaceException or ArgumentException)
        {
            problems.Add(ex.Message);
        }
    }
}
