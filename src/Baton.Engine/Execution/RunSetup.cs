using Baton.Core.Config;

namespace Baton.Engine.Execution;

/// <summary>Resolves the config pieces a run refers to by name.</summary>
public static class RunSetup
{
    public static ProjectConfig Project(BatonConfig config, string? key) =>
        (key is null ? (config.Projects.Count > 0 ? config.Projects[0] : null) : config.Projects.FirstOrDefault(p => p.Key == key))
        ?? throw new ArgumentException(key is null
            ? "no project configured: add one under `projects:` in baton.yaml"
            : $"unknown project `{key}`; configured projects: {string.Join(", ", config.Projects.Select(p => p.Key))}");

    public static PipelineConfig Pipeline(BatonConfig config, string name) =>
        config.Pipelines.TryGetValue(name, out var pipeline)
            ? pipeline
            : throw new ArgumentException($"unknown pipeline `{name}`; configured pipelines: {string.Join(", ", config.Pipelines.Keys)}");

    /// <summary>The stage id of a task's own <see cref="TaskItem.Command"/>.</summary>
    public const string TaskCommandStage = "command";

    /// <summary>
    /// The pipeline a task runs: the named one, except that a task's own command replaces its stages (one command
    /// stage) and a task's own gates run after the pipeline's — a task can add a gate, never drop one.
    /// </summary>
    public static PipelineConfig Pipeline(BatonConfig config, string name, string? command, IReadOnlyList<string> qualityGates)
    {
        var pipeline = Pipeline(config, name);
        if (command is null && qualityGates.Count == 0)
        {
            return pipeline;
        }

        return pipeline with
        {
            Stages = command is null ? pipeline.Stages : [new StageConfig { Id = TaskCommandStage, Kind = StageKind.Command, Command = command }],
            Gates = [.. pipeline.Gates, .. qualityGates.Select(g => new GateConfig(g, TaskGateTimeout))],
            MaxAttempts = command is null ? pipeline.MaxAttempts : 1,
            Implicit = false,
        };
    }

    /// <summary>How long a task's own gate may run (the default of a configured gate).</summary>
    public static readonly TimeSpan TaskGateTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The repository a project's workspaces come from: its path, or for a clone URL this node's own clone of it.</summary>
    public static string RepoPath(EngineServices services, ProjectConfig project) =>
        project.IsRemote ? Path.Combine(services.StateDir, "remotes", project.Key) : Path.GetFullPath(project.Repo, services.BaseDirectory);

    /// <summary>The project's repository, cloned first when it is a remote this node has no clone of yet.</summary>
    public static async Task<string> ReadyRepoPathAsync(EngineServices services, ProjectConfig project, CancellationToken ct)
    {
        var path = RepoPath(services, project);
        if (project.IsRemote)
        {
            await services.Workspaces.EnsureCloneAsync(project.Repo, path, ct);
        }

        return path;
    }

    public static string WorkspaceRoot(EngineServices services, ProjectConfig project) =>
        project.Workspace.Root is { } root ? Path.GetFullPath(root, services.BaseDirectory) : Path.Combine(services.StateDir, "workspaces");
}
