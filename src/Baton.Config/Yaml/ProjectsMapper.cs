using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>projects:</c>, a list of repositories. Every item yields a project so indexes in paths stay true.</summary>
internal static class ProjectsMapper
{
    private static readonly string[] Keys = ["key", "repo", "push", "default_branch", "workspace", "bootstrap", "pipeline", "env_pass", "budget"];
    private static readonly string[] WorkspaceKeys = ["mode", "root", "retention", "spares"];
    private static readonly string[] BootstrapKeys = ["script", "timeout", "retries"];

    public static List<ProjectConfig> Map(YamlReader reader, YamlNode node, string repoDirName)
    {
        var projects = new List<ProjectConfig>();
        if (reader.Sequence(node, "projects", "- { key: app, repo: . }") is not { } items)
        {
            return projects;
        }

        for (var i = 0; i < items.Count; i++)
        {
            projects.Add(MapProject(reader, items[i], $"projects[{i}]", repoDirName));
        }

        return projects;
    }

    private static ProjectConfig MapProject(YamlReader reader, YamlNode node, string path, string repoDirName)
    {
        if (reader.Mapping(node, path, "{ key: app, repo: . }", Keys) is not { } fields)
        {
            return new ProjectConfig { Key = "" };
        }

        var repo = fields.String("repo") ?? ".";
        var project = new ProjectConfig
        {
            Key = fields.String("key") ?? KeyFromRepo(repo, repoDirName),
            Repo = repo,
            Push = fields.Bool("push"),
            DefaultBranch = fields.String("default_branch"),
            Bootstrap = fields.Node("bootstrap") is { } bootstrap ? MapBootstrap(reader, bootstrap, fields.PathOf("bootstrap")) : null,
            EnvPass = fields.StringList("env_pass", "[PIP_INDEX_URL, MY_REGISTRY]") ?? [],
            Budget = fields.Node("budget") is { } budget ? BudgetMapper.Map(reader, budget, fields.PathOf("budget")) : null,
        };
        if (fields.String("pipeline") is { } pipeline)
        {
            project = project with { Pipeline = pipeline };
        }

        if (fields.Node("workspace") is { } workspace)
        {
            project = project with { Workspace = MapWorkspace(reader, workspace, fields.PathOf("workspace")) };
        }

        return project;
    }

    /// <summary>A project without <c>key</c> is named after its repository: <c>org/rc.git</c> → <c>rc</c>, <c>.</c> → the current directory's name.</summary>
    private static string KeyFromRepo(string repo, string repoDirName)
    {
        var trimmed = repo.Trim().TrimEnd('/', '\\');
        if (trimmed is "" or ".")
        {
            return ConfigNames.ToProjectKey(repoDirName);
        }

        var last = trimmed[(trimmed.LastIndexOfAny(['/', '\\', ':']) + 1)..];
        return ConfigNames.ToProjectKey(last.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? last[..^4] : last);
    }

    private static WorkspaceConfig MapWorkspace(YamlReader reader, YamlNode node, string path)
    {
        var workspace = new WorkspaceConfig();
        if (reader.Mapping(node, path, "{ mode: worktree }", WorkspaceKeys) is not { } fields)
        {
            return workspace;
        }

        return workspace with
        {
            Mode = fields.Enum("mode", YamlEnums.WorkspaceModes) ?? workspace.Mode,
            Root = fields.String("root"),
            Retention = fields.Duration("retention") ?? workspace.Retention,
            Spares = fields.Int("spares") ?? workspace.Spares,
        };
    }

    private static BootstrapConfig MapBootstrap(YamlReader reader, YamlNode node, string path)
    {
        if (reader.Mapping(node, path, "{ script: scripts/bootstrap.sh, timeout: 30m, retries: 1 }", BootstrapKeys) is not { } fields)
        {
            return new BootstrapConfig { Script = "" };
        }

        var bootstrap = new BootstrapConfig { Script = fields.String("script") ?? "" };
        return bootstrap with
        {
            Timeout = fields.Duration("timeout") ?? bootstrap.Timeout,
            Retries = fields.Int("retries") ?? bootstrap.Retries,
        };
    }
}
