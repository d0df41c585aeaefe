using Baton.Core.Text;

namespace Baton.Core.Config;

/// <summary>Validation of <c>projects:</c>: keys, repositories, workspaces and bootstrap scripts.</summary>
internal static class ProjectRules
{
    public static void Validate(BatonConfig config, List<ConfigError> errors)
    {
        if (config.Projects.Count == 0)
        {
            errors.Add(new("projects", "no project configured: add one, e.g. `projects: [{ key: app, repo: . }]`."));
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < config.Projects.Count; i++)
        {
            var project = config.Projects[i];
            var path = $"projects[{i}]";
            if (string.IsNullOrEmpty(project.Key))
            {
                errors.Add(new($"{path}.key", "a project needs `key`: a short name of lowercase letters, digits, `-` and `_`."));
            }
            else if (!ConfigNames.IsProjectKey(project.Key))
            {
                errors.Add(new($"{path}.key", $"`{project.Key}` is not a valid project key: use lowercase letters, digits, `-` and `_`, e.g. `{ConfigNames.ToProjectKey(project.Key)}`."));
            }
            else if (!seen.TryAdd(project.Key, i))
            {
                errors.Add(new($"{path}.key", $"duplicate project key `{project.Key}` (also projects[{seen[project.Key]}]): keys must be unique."));
            }

            if (string.IsNullOrWhiteSpace(project.Repo))
            {
                errors.Add(new($"{path}.repo", "a project needs `repo`: a path (e.g. `.`) or a clone URL."));
            }
            else if (RepoUrls.HasCredentials(project.Repo))
            {
                errors.Add(new($"{path}.repo",
                    "the URL carries a password or token, and secrets never go in baton.yaml: remove it and let git's credential helper or an SSH key supply it."));
            }
            else if (project.IsRemote && project.Workspace.Mode == WorkspaceMode.Clone)
            {
                errors.Add(new($"{path}.workspace.mode",
                    "a remote project's workspaces are worktrees of each node's own clone: use `mode: worktree` (or point `repo` at a local path for clone mode)."));
            }

            if (project.DefaultBranch is { } branch && string.IsNullOrWhiteSpace(branch))
            {
                errors.Add(new($"{path}.default_branch", "must not be empty: a branch name such as `main`, or leave it out to detect it."));
            }

            if (!config.Pipelines.ContainsKey(project.Pipeline))
            {
                errors.Add(new($"{path}.pipeline", ConfigValidator.UnknownName("pipeline", project.Pipeline, config.Pipelines.Keys)));
            }

            ValidateWorkspace(project.Workspace, $"{path}.workspace", errors);
            if (project.Bootstrap is { } bootstrap)
            {
                ValidateBootstrap(bootstrap, $"{path}.bootstrap", errors);
            }
        }
    }

    private static void ValidateWorkspace(WorkspaceConfig workspace, string path, List<ConfigError> errors)
    {
        if (workspace.Root is { } root && string.IsNullOrWhiteSpace(root))
        {
            errors.Add(new($"{path}.root", "must not be empty: a directory, or leave it out for `<state_dir>/workspaces`."));
        }

        if (workspace.Retention < TimeSpan.Zero)
        {
            errors.Add(new($"{path}.retention", "must not be negative, e.g. `7d`."));
        }

        if (workspace.Spares is < 0 or > 16)
        {
            errors.Add(new($"{path}.spares", $"{workspace.Spares} is out of range: use a whole number from 0 (off) to 16."));
        }
    }

    private static void ValidateBootstrap(BootstrapConfig bootstrap, string path, List<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(bootstrap.Script))
        {
            errors.Add(new($"{path}.script", "a bootstrap needs `script`: a path relative to the repository, e.g. `scripts/bootstrap.sh`."));
        }

        if (bootstrap.Timeout <= TimeSpan.Zero)
        {
            errors.Add(new($"{path}.timeout", "must be longer than zero, e.g. `30m`."));
        }

        if (bootstrap.Retries < 0)
        {
            errors.Add(new($"{path}.retries", $"{bootstrap.Retries} is out of range: use 0 or more."));
        }
    }
}
