namespace Baton.Core.Config;

public sealed record ProjectConfig
{
    public required string Key { get; init; }
    /// <summary>A local path (relative to the config file) or a clone URL.</summary>
    public string Repo { get; init; } = ".";
    /// <summary>
    /// Push the task branch to the remote after every committed agent turn. Null means: push when the repository is a
    /// clone URL and the store is shared (other nodes may take the run over), else not.
    /// </summary>
    public bool? Push { get; init; }
    /// <summary>True when <see cref="Repo"/> is a clone URL: each node works in its own clone of it.</summary>
    public bool IsRemote => RepoUrls.IsUrl(Repo);
    /// <summary>Null means: detect it from the repository.</summary>
    public string? DefaultBranch { get; init; }
    public WorkspaceConfig Workspace { get; init; } = new();
    public BootstrapConfig? Bootstrap { get; init; }
    public string Pipeline { get; init; } = "default";
    /// <summary>Variables from Baton's environment this project's children also get (on top of <c>policy.env_pass</c>).</summary>
    public IReadOnlyList<string> EnvPass { get; init; } = [];
    /// <summary>The project's own per-task budget (instead of the top-level one).</summary>
    public BudgetConfig? Budget { get; init; }
}
