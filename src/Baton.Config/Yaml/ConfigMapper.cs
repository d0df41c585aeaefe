using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps the root of <c>baton.yaml</c> to a <see cref="BatonConfig"/>, by hand, so each problem names its key path.</summary>
internal static class ConfigMapper
{
    private static readonly string[] Keys =
        ["version", "state_dir", "store", "store_password_env", "lease", "max_concurrent_runs", "agents", "projects", "pipelines", "policy", "matrix", "server", "sync", "budget", "retention", "recovery"];

    /// <summary>The mapped configuration, and whether the file has an <c>agents:</c> section (no defaults are added then).</summary>
    public static (BatonConfig Config, bool HasAgents) Map(YamlReader reader, YamlNode root, string fileName, string repoDirName)
    {
        var config = new BatonConfig();
        if (root is not YamlMappingNode)
        {
            reader.Error(fileName, $"the file must be a mapping of top-level keys (version, agents, projects, pipelines, ...), got {YamlReader.Describe(root)}.");
            return (config, false);
        }

        var fields = reader.Mapping(root, "", "version: 1", Keys)!;

        var agents = fields.Node("agents") is { } agentsNode ? AgentsMapper.Map(reader, agentsNode) : null;
        config = config with
        {
            Version = fields.Int("version") ?? config.Version,
            StateDir = fields.String("state_dir") ?? config.StateDir,
            Store = fields.String("store") ?? config.Store,
            StorePasswordEnv = fields.String("store_password_env"),
            Lease = fields.Duration("lease") ?? config.Lease,
            MaxConcurrentRuns = fields.Int("max_concurrent_runs") ?? config.MaxConcurrentRuns,
            Agents = agents ?? config.Agents,
            DefaultAgent = agents?.Keys.FirstOrDefault(),
            Projects = fields.Node("projects") is { } projects ? ProjectsMapper.Map(reader, projects, repoDirName) : config.Projects,
            Pipelines = fields.Node("pipelines") is { } pipelines ? PipelinesMapper.Map(reader, pipelines) : config.Pipelines,
            Policy = fields.Node("policy") is { } policy ? PolicyMapper.Map(reader, policy) : config.Policy,
            Matrix = fields.Node("matrix") is { } matrix ? MatrixMapper.Map(reader, matrix) : null,
            Server = fields.Node("server") is { } server ? ServerMapper.Map(reader, server) : config.Server,
            Sync = fields.Node("sync") is { } sync ? SyncMapper.Map(reader, sync) : null,
            Budget = fields.Node("budget") is { } budget ? BudgetMapper.Map(reader, budget, "budget") : null,
            Retention = fields.Node("retention") is { } retention ? RetentionMapper.Map(reader, retention) : config.Retention,
            Recovery = fields.Node("recovery") is { } recovery ? RecoveryMapper.Map(reader, recovery) : config.Recovery,
        };
        return (config, agents is not null);
    }
}
