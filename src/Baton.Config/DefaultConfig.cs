using Baton.Config.Yaml;
using Baton.Core.Config;

namespace Baton.Config;

/// <summary>
/// What Baton assumes when <c>baton.yaml</c> is missing or leaves sections out: the project is the current
/// repository, the agents are the installed CLIs, and the <c>default</c> pipeline is one builder turn plus the
/// gates the repository's build files suggest.
/// </summary>
public static class DefaultConfig
{
    public const string PipelineName = "default";

    /// <summary>The configuration used when there is no file.</summary>
    public static BatonConfig Create(ConfigDefaults defaults) => Complete(new BatonConfig(), defaults, fileHasAgents: false);

    /// <summary>Fills in what the file left out. Agents are added only when the file has no <c>agents:</c> at all.</summary>
    public static BatonConfig Complete(BatonConfig config, ConfigDefaults defaults, bool fileHasAgents)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(defaults);
        if (!fileHasAgents)
        {
            config = config with { Agents = Agents(defaults) };
        }

        if (config.Projects.Count == 0)
        {
            config = config with { Projects = [Project(defaults)] };
        }

        if (!config.Pipelines.ContainsKey(PipelineName) && config.Projects.Any(p => p.Pipeline == PipelineName))
        {
            var pipelines = new Dictionary<string, PipelineConfig>(config.Pipelines, StringComparer.Ordinal)
            {
                [PipelineName] = Pipeline(defaults),
            };
            config = config with { Pipelines = pipelines };
        }

        return config with { DefaultAgent = config.DefaultAgent ?? config.Agents.Keys.FirstOrDefault() };
    }

    /// <summary>One agent per installed CLI, named after it (<c>codex: { kind: codex }</c>).</summary>
    public static IReadOnlyDictionary<string, AgentConfig> Agents(ConfigDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var agents = new Dictionary<string, AgentConfig>(StringComparer.Ordinal);
        foreach (var name in defaults.InstalledAgents)
        {
            if (YamlEnums.AgentKinds.TryParse(name, out var kind) && kind is not (AgentKind.Command or AgentKind.Websocket))
            {
                agents.TryAdd(name, new AgentConfig { Name = name, Kind = kind });
            }
        }

        return agents;
    }

    /// <summary>The current repository as the one project.</summary>
    public static ProjectConfig Project(ConfigDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new ProjectConfig { Key = ConfigNames.ToProjectKey(defaults.RepoDirName), Repo = ".", Pipeline = PipelineName };
    }

    /// <summary>One builder turn with the default agent, then the detected gates.</summary>
    public static PipelineConfig Pipeline(ConfigDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new PipelineConfig
        {
            Name = PipelineName,
            Stages = [new StageConfig { Id = "build", Kind = StageKind.Agent, Role = AgentRole.Builder }],
            Gates = [.. defaults.Gates.Select(g => new GateConfig(g, PipelinesMapper.DefaultGateTimeout))],
            MaxAttempts = 3,
            Implicit = true,
        };
    }
}
