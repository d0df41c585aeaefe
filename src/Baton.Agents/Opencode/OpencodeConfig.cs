using System.Text.Json.Nodes;
using Baton.Agents.Common;
using Baton.Core.Agents;

namespace Baton.Agents.Opencode;

/// <summary>
/// opencode's config file (<c>OPENCODE_CONFIG</c>), written whole before every turn. It never holds the API key: the key
/// is in <see cref="ApiKeyVariable"/> and the file refers to it with opencode's <c>{env:…}</c> substitution. Its bash
/// permissions hold the command policy (<see cref="OpencodeBashRules"/>), which <see cref="PermissionVariable"/> gives
/// again.
/// </summary>
public static class OpencodeConfig
{
    public const string ApiKeyVariable = "BATON_OPENCODE_API_KEY";

    /// <summary>
    /// opencode merges this variable's permissions over every config file it read, a workspace's own
    /// <c>opencode.json</c> among them (read after this file): the command policy's rules go there too, so such a file
    /// cannot replace them.
    /// </summary>
    public const string PermissionVariable = "OPENCODE_PERMISSION";

    /// <summary>The value of <see cref="PermissionVariable"/> for the turn, or null when the policy refuses nothing.</summary>
    public static string? Permission(AgentTurn turn) =>
        OpencodeBashRules.For(turn.Commands) is { } bash ? new JsonObject { ["bash"] = bash }.ToJsonString() : null;

    public static void Write(string path, AgentTurn turn) => ConfigFile.Write(path, For(turn));

    public static JsonObject For(AgentTurn turn)
    {
        var model = OpencodeModel.For(turn.Agent);
        var config = new JsonObject
        {
            ["$schema"] = "https://opencode.ai/config.json",
            ["autoupdate"] = false,
            ["share"] = "disabled",
            // `opencode run` rejects every permission that would ask; the agent works in its own workspace, and its
            // commands are allowed but for what the command policy refuses.
            ["permission"] = new JsonObject { ["bash"] = OpencodeBashRules.For(turn.Commands) ?? (JsonNode)"allow", ["edit"] = "allow" },
        };
        if (model.Argument is not null)
        {
            // Title generation uses the small model; without one opencode picks a default of the provider, maybe unreachable.
            config["model"] = model.Argument;
            config["small_model"] = model.Argument;
        }

        if (Provider(turn, model) is { } provider)
        {
            config["provider"] = new JsonObject { [model.Provider!] = provider };
        }

        return config;
    }

    private static JsonObject? Provider(AgentTurn turn, OpencodeModel model)
    {
        if (model.Provider is null)
        {
            return null;
        }

        var options = new JsonObject();
        if (!string.IsNullOrEmpty(turn.Agent.BaseUrl))
        {
            options["baseURL"] = turn.Agent.BaseUrl.TrimEnd('/');
        }

        // Baton's own provider always reads its key from the variable (empty when unset: a local server may need none);
        // a provider opencode knows keeps reading its usual variable unless the agent has a key.
        if (turn.ApiKey is not null || model.Provider == OpencodeModel.BatonProvider)
        {
            options["apiKey"] = $"{{env:{ApiKeyVariable}}}";
        }

        if (model.Provider != OpencodeModel.BatonProvider)
        {
            // A provider opencode knows (openai, anthropic, …): only point it elsewhere or give it the key.
            return options.Count == 0 ? null : new JsonObject { ["options"] = options };
        }

        var provider = new JsonObject
        {
            ["npm"] = "@ai-sdk/openai-compatible",
            ["name"] = "Baton",
            ["options"] = options,
        };
        if (model.Model is not null)
        {
            provider["models"] = new JsonObject
            {
                [model.Model] = new JsonObject { ["name"] = model.Model, ["tool_call"] = true },
            };
        }

        return provider;
    }
}
