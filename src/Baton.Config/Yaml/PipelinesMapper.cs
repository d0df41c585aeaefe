using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>pipelines:</c>, a mapping of pipeline name to its stages, gates and attempts.</summary>
internal static class PipelinesMapper
{
    /// <summary>How long a gate may run when the file does not say.</summary>
    public static readonly TimeSpan DefaultGateTimeout = TimeSpan.FromMinutes(30);

    private static readonly string[] Keys = ["stages", "gates", "max_attempts"];
    private static readonly string[] GateKeys = ["command", "timeout"];

    public static Dictionary<string, PipelineConfig> Map(YamlReader reader, YamlNode node)
    {
        var pipelines = new Dictionary<string, PipelineConfig>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            reader.Error("pipelines", $"expected a mapping of pipeline names to pipelines, e.g. `default: {{ stages: [...] }}`, got {YamlReader.Describe(node)}.");
            return pipelines;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                reader.Error("pipelines", $"expected pipeline names as keys, got {YamlReader.Describe(keyNode)}.");
                continue;
            }

            pipelines[name] = MapPipeline(reader, name, value);
        }

        return pipelines;
    }

    private static PipelineConfig MapPipeline(YamlReader reader, string name, YamlNode node)
    {
        var path = $"pipelines.{name}";
        var pipeline = new PipelineConfig { Name = name };
        if (reader.Mapping(node, path, "{ stages: [{ id: build, role: builder }], gates: [\"make test\"] }", Keys) is not { } fields)
        {
            return pipeline;
        }

        var stages = new List<StageConfig>();
        if (fields.Node("stages") is { } stagesNode && reader.Sequence(stagesNode, fields.PathOf("stages"), "- { id: build, role: builder }") is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                stages.Add(StageMapper.Map(reader, items[i], $"{path}.stages[{i}]"));
            }
        }

        return pipeline with
        {
            Stages = stages,
            Gates = fields.Node("gates") is { } gates ? MapGates(reader, gates, fields.PathOf("gates")) : [],
            MaxAttempts = fields.Int("max_attempts") ?? pipeline.MaxAttempts,
        };
    }

    /// <summary>Gates are written as commands (<c>"dotnet test"</c>) or as <c>{ command, timeout }</c>.</summary>
    private static List<GateConfig> MapGates(YamlReader reader, YamlNode node, string path)
    {
        var gates = new List<GateConfig>();
        if (reader.Sequence(node, path, "[\"dotnet build\", { command: \"dotnet test\", timeout: 20m }]") is not { } items)
        {
            return gates;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            switch (items[i])
            {
                case YamlScalarNode scalar:
                    gates.Add(new GateConfig(YamlReader.IsNull(scalar) ? "" : scalar.Value ?? "", DefaultGateTimeout));
                    break;
                case YamlMappingNode:
                    var fields = reader.Mapping(items[i], itemPath, "{ command: \"dotnet test\", timeout: 20m }", GateKeys);
                    if (fields is not null && !fields.Has("command"))
                    {
                        reader.Error(YamlReader.Child(itemPath, "command"), "a gate needs `command`: a command that must exit 0, e.g. `dotnet test`.");
                    }

                    gates.Add(new GateConfig(fields?.String("command") ?? "", fields?.Duration("timeout") ?? DefaultGateTimeout));
                    break;
                default:
                    reader.Error(itemPath, $"expected a command or `{{ command, timeout }}`, got {YamlReader.Describe(items[i])}.");
                    gates.Add(new GateConfig("", DefaultGateTimeout));
                    break;
            }
        }

        return gates;
    }
}
