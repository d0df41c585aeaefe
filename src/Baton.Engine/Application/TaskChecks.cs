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
            var pipeline = RunSetup.Pipeline(config, draft.Pipeline ?? project.Pipeline, draft.Command, draft.QualityGates);
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

        CheckOwnCommands(draft, by, problems);
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

    /// <summary>
    /// A task's own command and gates: from HTTP or chat only when <c>policy.allow_task_commands</c> says so (whoever uses
    /// the CLI or a task file can edit baton.yaml anyway), and always through the command policy.
    /// </summary>
    private void CheckOwnCommands(TaskDraft draft, Actor by, List<string> problems)
    {
        if (draft.Command is null && draft.QualityGates.Count == 0)
        {
            return;
        }

        var policy = services.Config.Policy;
        if (by.Surface is "http" or "matrix" && !policy.AllowTaskCommands)
        {
            problems.Add($"command: tasks from {(by.Surface == "http" ? "the HTTP API" : "chat")} may not carry their own `command` or `quality_gates`; " +
                "leave them out (the pipeline's stages and gates run), or set `policy.allow_task_commands: true` in baton.yaml");
            return;
        }

        foreach (var (field, command) in (draft.Command is { } c ? [("command", c)] : Array.Empty<(string, string)>())
                 .Concat(draft.QualityGates.Select(g => ("quality_gates", g))))
        {
            if (string.IsNullOrWhiteSpace(command))
            {
                problems.Add($"{field}: a command must not be empty");
            }
            else if (CommandPolicy.Violation(command, policy) is { } violation)
            {
                problems.Add($"{field}: {violation}; nothing was queued");
            }
        }
    }

    private async Task CheckRepositoryAsync(ProjectConfig project, bool allowDirty, List<string> problems, CancellationToken ct)
    {
        if (project.IsRemote)
        {
            return; // Each node fetches the remote when a run takes the task up; submitting does not wait for a clone.
        }

        try
        {
            var repo = await services.Repos.InspectAsync(RunSetup.RepoPath(services, project), project.DefaultBranch, ct);
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
