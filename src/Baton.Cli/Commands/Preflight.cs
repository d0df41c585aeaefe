using Baton.Cli.Hosting;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Cli.Commands;

/// <summary>Checks a task against the config and its repository before anything is stored or run.</summary>
public static class Preflight
{
    public static async Task CheckTaskAsync(BatonApp app, TaskItem task, bool allowDirty, CancellationToken ct)
    {
        var config = app.Config;
        var project = RunSetup.Project(config, task.Project);
        var pipeline = RunSetup.Pipeline(config, task.Pipeline ?? project.Pipeline);
        if (task.Agent is { } agent && !config.Agents.ContainsKey(agent))
        {
            throw new UserErrorException(
                $"unknown agent `{agent}`",
                [config.Agents.Count == 0 ? "no agents are configured: add one under `agents:` in baton.yaml" : $"configured agents: {string.Join(", ", config.Agents.Keys)}"]);
        }

        var plan = StagePlan.Build(config, pipeline, task.Stage);
        if (plan.Stages.Any(s => s.Config.Kind == StageKind.Agent) && task.Agent is null && config.DefaultAgent is null
            && plan.Stages.Any(s => s.Config.Kind == StageKind.Agent && s.Config.Agent is null))
        {
            throw new UserErrorException("no agent configured: add one under `agents:` in baton.yaml (e.g. `shell: { kind: command, command: \"my-agent {prompt_file}\" }`) or pass --agent");
        }

        var repo = await app.Services.Workspaces.InspectAsync(RunSetup.RepoPath(app.Services, project), project.DefaultBranch, ct);
        if (!allowDirty && repo.HasTrackedChanges && repo.CurrentBranch == repo.DefaultBranch)
        {
            throw new UserErrorException(
                $"{repo.Root} has uncommitted changes on `{repo.DefaultBranch}`; tasks start from the branch's last commit, so they would not see them",
                ["commit or stash them first, or pass --allow-dirty to run without them"]);
        }
    }
}
