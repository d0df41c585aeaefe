using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>retention:</c>; each key is a duration or <c>never</c>.</summary>
internal static class RetentionMapper
{
    private static readonly string[] Keys = ["events", "run_files", "merged_branches", "abandoned_branches"];

    public static RetentionConfig Map(YamlReader reader, YamlNode node)
    {
        var defaults = new RetentionConfig();
        if (reader.Mapping(node, "retention", "{ events: 30d, run_files: 90d, merged_branches: 7d, abandoned_branches: never }", Keys) is not { } fields)
        {
            return defaults;
        }

        return new RetentionConfig
        {
            Events = fields.Node("events") is { } events ? DurationOrNever(reader, events, "retention.events") : defaults.Events,
            RunFiles = fields.Node("run_files") is { } files ? DurationOrNever(reader, files, "retention.run_files") : defaults.RunFiles,
            MergedBranches = fields.Node("merged_branches") is { } merged ? DurationOrNever(reader, merged, "retention.merged_branches") : defaults.MergedBranches,
            AbandonedBranches = fields.Node("abandoned_branches") is { } abandoned ? DurationOrNever(reader, abandoned, "retention.abandoned_branches") : defaults.AbandonedBranches,
        };
    }

    private static TimeSpan? DurationOrNever(YamlReader reader, YamlNode node, string path) =>
        node is YamlScalarNode { Value: "never" } ? null : reader.Duration(node, path);
}
