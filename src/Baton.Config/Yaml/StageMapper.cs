using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps one stage of a pipeline. A stage without <c>kind</c> is a command, pipeline or agent stage by what it names.</summary>
internal static class StageMapper
{
    private static readonly string[] Keys =
        ["id", "kind", "role", "agent", "command", "pipeline", "prompt", "timeout", "retries", "retry_delay", "allow_failure", "reviewers",
        "pause_at", "send_back"];

    public static StageConfig Map(YamlReader reader, YamlNode node, string path)
    {
        if (reader.Mapping(node, path, "{ id: build, kind: agent, role: builder }", Keys) is not { } fields)
        {
            return new StageConfig { Id = "" };
        }

        var inferred = fields.Has("command") ? StageKind.Command
            : fields.Has("pipeline") ? StageKind.Pipeline
            : StageKind.Agent;
        var stage = new StageConfig
        {
            Id = fields.String("id") ?? "",
            Kind = fields.Enum("kind", YamlEnums.StageKinds) ?? inferred,
            Role = fields.Enum("role", YamlEnums.Roles),
            Agent = fields.String("agent"),
            Command = fields.String("command"),
            Pipeline = fields.String("pipeline"),
            Prompt = fields.String("prompt"),
            Timeout = fields.Duration("timeout"),
            Reviewers = fields.StringList("reviewers", "[claude, gemini]") ?? [],
        };
        return stage with
        {
            Retries = fields.Int("retries") ?? stage.Retries,
            RetryDelay = fields.Duration("retry_delay") ?? stage.RetryDelay,
            AllowFailure = fields.Bool("allow_failure") ?? stage.AllowFailure,
            PauseAt = fields.Int("pause_at") ?? stage.PauseAt,
            SendBack = fields.Bool("send_back") ?? stage.SendBack,
        };
    }
}
