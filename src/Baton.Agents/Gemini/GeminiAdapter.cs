using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Gemini;

/// <summary>
/// Google's Gemini CLI in headless mode: <c>gemini -o stream-json --skip-trust --approval-mode yolo [--policy F] [-m M]
/// [--resume S] [args…]</c> with the prompt on stdin, an isolated <c>GEMINI_CLI_HOME</c>, the command policy in its
/// policy file (<see cref="GeminiPolicy"/>), and the endpoint and key in its variables.
/// </summary>
public sealed class GeminiAdapter(IProcessRunner processes) : CliAgentAdapter(processes)
{
    /// <summary>Gemini's exit code for "this folder is not trusted".</summary>
    public const int UntrustedExitCode = 55;

    /// <summary>Gemini's exit code for an invalid auth configuration.</summary>
    public const int AuthExitCode = 41;

    public override AgentKind Kind => AgentKind.Gemini;

    public override string DefaultExecutable => "gemini";

    public override string InstallHint => "install it with `npm install -g @google/gemini-cli`";

    protected override CliLaunch Prepare(AgentTurn turn, string executable, string home)
    {
        var geminiHome = Path.Combine(home, "gemini");
        GeminiSettings.Write(geminiHome, turn);
        var policy = GeminiPolicy.Write(geminiHome, turn.Commands);
        return new CliLaunch
        {
            Executable = PromptOnStdin.Shell,
            Arguments = PromptOnStdin.Arguments(turn, home, executable, Arguments(turn, policy)),
            Environment = Trusting(turn, geminiHome, Environment(turn, geminiHome)),
        };
    }

    /// <summary>Relaunched after Gemini refused the folder (whatever <c>--skip-trust</c> did): a trusted-folders file naming the workspace.</summary>
    public override string? CorrectionFor(AgentFailureKind failure) =>
        failure == AgentFailureKind.UntrustedDirectory ? "the workspace listed as trusted in a trusted-folders file (GEMINI_CLI_TRUSTED_FOLDERS_PATH)" : null;

    private static Dictionary<string, string> Trusting(AgentTurn turn, string geminiHome, Dictionary<string, string> env)
    {
        if (turn.RecoveringFrom == AgentFailureKind.UntrustedDirectory)
        {
            var file = Path.Combine(geminiHome, "trustedFolders.json");
            ConfigFile.Write(file, new System.Text.Json.Nodes.JsonObject { [turn.Workspace] = "TRUST_FOLDER" });
            env["GEMINI_CLI_TRUSTED_FOLDERS_PATH"] = file;
        }

        return env;
    }

    /// <summary>
    /// The CLI's arguments. No <c>-p</c>: with stdin not a terminal Gemini runs headless and reads the prompt from it,
    /// exactly (<c>-p TEXT</c> mis-parses a prompt that starts with <c>-</c> and cannot exceed 128 KiB).
    /// </summary>
    private static List<string> Arguments(AgentTurn turn, string? policy)
    {
        // --skip-trust is always given (a relaunch after UntrustedDirectory adds a trusted-folders file); yolo is the only
        // approval mode in which headless Gemini even offers its shell and write tools to the model.
        List<string> args = ["-o", "stream-json", "--skip-trust", "--approval-mode", "yolo"];
        if (policy is not null && !policy.Contains(',', StringComparison.Ordinal))
        {
            // Named on the command line, the file is the user tier whatever `policyPaths` a workspace's settings give
            // (those would replace the directory it is in). Gemini splits the flag's value at commas: a path with one
            // is left to be found in that directory.
            args.AddRange(["--policy", policy]);
        }

        if (!string.IsNullOrEmpty(turn.Agent.Model))
        {
            args.AddRange(["-m", turn.Agent.Model]);
        }

        if (!string.IsNullOrEmpty(turn.SessionId))
        {
            args.AddRange(["--resume", turn.SessionId]);
        }

        args.AddRange(turn.Agent.Args);
        return args;
    }

    private static Dictionary<string, string> Environment(AgentTurn turn, string geminiHome)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GEMINI_CLI_HOME"] = geminiHome,
            // Otherwise Gemini relaunches itself as a child node process (more memory, one more process to stop).
            ["GEMINI_CLI_NO_RELAUNCH"] = "true",
            ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
        };
        if (!turn.Environment.ContainsKey("TMPDIR"))
        {
            // Gemini writes a full error report (with the conversation) to the temp dir on API errors: keep it in its home.
            env["TMPDIR"] = Path.Combine(geminiHome, "tmp");
            Directory.CreateDirectory(env["TMPDIR"]);
        }

        if (!string.IsNullOrEmpty(turn.Agent.BaseUrl))
        {
            env["GOOGLE_GEMINI_BASE_URL"] = turn.Agent.BaseUrl.TrimEnd('/');
        }

        if (turn.ApiKey is { } key)
        {
            env["GEMINI_API_KEY"] = key.Reveal();
        }

        return env;
    }

    protected override IAgentStreamParser CreateParser(AgentTurn turn) =>
        new GeminiStreamParser(turn.Workspace);

    protected override AgentFailureKind Classify(int? exitCode, string errorText) => exitCode switch
    {
        UntrustedExitCode => AgentFailureKind.UntrustedDirectory,
        AuthExitCode => AgentFailureKind.AuthFailed,
        // "Invalid session identifier …", or "No previous sessions found for this project." when the project has none.
        _ when errorText.Contains("Error resuming session", StringComparison.Ordinal) => AgentFailureKind.StaleSession,
        _ => base.Classify(exitCode, errorText),
    };
}
