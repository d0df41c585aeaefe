using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Opencode;

/// <summary>
/// opencode in one-shot mode: <c>opencode run --format json [-m provider/model] [--session S] [args…]</c> in the
/// workspace, the prompt on stdin, its config, data, cache and state under the agent's isolated home.
/// </summary>
public sealed class OpencodeAdapter(IProcessRunner processes) : CliAgentAdapter(processes)
{
    public override AgentKind Kind => AgentKind.Opencode;

    public override string DefaultExecutable => "opencode";

    public override string InstallHint => "install it with `npm install -g opencode-ai`";

    protected override CliLaunch Prepare(AgentTurn turn, string executable, string home)
    {
        var root = Path.Combine(home, "opencode");
        var configFile = Path.Combine(root, "opencode.json");
        OpencodeConfig.Write(configFile, turn);
        return new CliLaunch
        {
            Executable = PromptOnStdin.Shell,
            Arguments = PromptOnStdin.Arguments(turn, home, executable, Arguments(turn)),
            Environment = Environment(turn, root, configFile),
        };
    }

    /// <summary>
    /// No message words: opencode joins them with spaces, wraps any word holding a space in literal quotes and turns
    /// number-like words into numbers (then crashes on them); with none it reads the prompt from stdin, exactly.
    /// </summary>
    private static List<string> Arguments(AgentTurn turn)
    {
        List<string> args = ["run", "--format", "json"];
        if (OpencodeModel.For(turn.Agent).Argument is { } model)
        {
            args.AddRange(["-m", model]);
        }

        if (!string.IsNullOrEmpty(turn.SessionId))
        {
            args.AddRange(["--session", turn.SessionId]);
        }

        args.AddRange(turn.Agent.Args);
        return args;
    }

    private static Dictionary<string, string> Environment(AgentTurn turn, string root, string configFile)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OPENCODE_CONFIG"] = configFile,
            ["XDG_CONFIG_HOME"] = Path.Combine(root, "config"),
            ["XDG_DATA_HOME"] = Path.Combine(root, "data"),
            ["XDG_CACHE_HOME"] = Path.Combine(root, "cache"),
            ["XDG_STATE_HOME"] = Path.Combine(root, "state"),
            // Without these opencode contacts models.dev, the npm registry and language-server downloads.
            ["OPENCODE_DISABLE_MODELS_FETCH"] = "1",
            ["OPENCODE_DISABLE_AUTOUPDATE"] = "1",
            ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
        };
        if (turn.ApiKey is { } key)
        {
            env[OpencodeConfig.ApiKeyVariable] = key.Reveal();
        }

        if (OpencodeConfig.Permission(turn) is { } permission)
        {
            env[OpencodeConfig.PermissionVariable] = permission;
        }

        return env;
    }

    protected override IAgentStreamParser CreateParser(AgentTurn turn) => new OpencodeStreamParser(turn.Workspace);
}
