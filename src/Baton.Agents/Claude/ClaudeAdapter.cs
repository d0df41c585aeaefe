using System.Text.RegularExpressions;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Claude;

/// <summary>
/// Claude Code in the workspace (its working directory), resuming the task's session when it has one: over its
/// stream-json control protocol, each command and edit decided by Baton before it runs (<c>mode: ask</c>, the default),
/// or <c>claude -p --output-format stream-json --verbose</c> with what it may do allowed up front (<c>mode: exec</c>). Its config (<c>CLAUDE_CONFIG_DIR</c>, where sessions are kept for
/// resuming) is <c>&lt;agent home&gt;/claude</c>.
/// </summary>
public sealed partial class ClaudeAdapter(IProcessRunner processes) : CliAgentAdapter(processes)
{
    /// <summary>Retries of a failed model request when the agent's env does not say; small, so an outage fails a turn in seconds.</summary>
    public const string DefaultMaxRetries = "2";

    /// <summary>Sent as the key to a <c>base_url</c> when the agent has no <c>api_key_env</c>.</summary>
    public const string NoKey = "baton-no-key";

    public override AgentKind Kind => AgentKind.Claude;

    public override string DefaultExecutable => "claude";

    public override string InstallHint => "install it with `npm install -g @anthropic-ai/claude-code`";

    protected override CliLaunch Prepare(AgentTurn turn, string executable, string home) => new()
    {
        Executable = executable,
        Arguments = turn.Agent.AsksFirst ? AskingArguments(turn) : Arguments(turn),
        Environment = Variables(turn, Path.Combine(home, "claude")),
        Conversation = turn.Agent.AsksFirst ? new ClaudeConversation(turn.Prompt, turn.Workspace) : null,
    };

    /// <summary>
    /// The stream-json control protocol (the default, <c>mode: ask</c>): the prompt comes on stdin, and every Bash
    /// command and file edit is put to Baton before it runs (only reads are allowed up front).
    /// </summary>
    public static IReadOnlyList<string> AskingArguments(AgentTurn turn)
    {
        var args = new List<string>
        {
            "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
            "--permission-prompt-tool", "stdio", "--permission-mode", "default", "--allowedTools", "Read,Glob,Grep",
        };
        if (turn.Agent.Model is { } model)
        {
            args.AddRange(["--model", model]);
        }

        if (turn.SessionId is { } session)
        {
            args.AddRange(["--resume", session]);
        }

        args.AddRange(turn.Agent.Args);
        return args;
    }

    /// <summary>The CLI's options, the agent's own args, then <c>--</c> so a prompt that starts with a dash is not read as an option.</summary>
    public static IReadOnlyList<string> Arguments(AgentTurn turn)
    {
        var args = new List<string> { "-p", "--output-format", "stream-json", "--verbose" };
        if (turn.Agent.Model is { } model)
        {
            args.AddRange(["--model", model]);
        }

        if (turn.SessionId is { } session)
        {
            args.AddRange(["--resume", session]);
        }

        args.AddRange(ClaudePermissions.Flags(turn.Agent.Sandbox));
        args.AddRange(turn.Agent.Args);
        args.AddRange(["--", PromptArgument.For(turn)]);
        return args;
    }

    private static Dictionary<string, string> Variables(AgentTurn turn, string configDir)
    {
        Directory.CreateDirectory(configDir);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CLAUDE_CONFIG_DIR"] = configDir,
            // No telemetry, update checks or pre-connects: the only requests are the model's.
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["CLAUDE_CODE_MAX_RETRIES"] = DefaultMaxRetries,
        };
        foreach (var (name, value) in ClaudePermissions.Environment(turn.Agent.Sandbox))
        {
            env[name] = value;
        }

        if (turn.Agent.BaseUrl is { } baseUrl)
        {
            env["ANTHROPIC_BASE_URL"] = baseUrl;
        }

        if (turn.ApiKey is { } apiKey)
        {
            env["ANTHROPIC_API_KEY"] = apiKey.Reveal();
        }
        else if (turn.Agent.BaseUrl is not null)
        {
            // Claude will not start without credentials ("Not logged in"); a server that needs no key gets a placeholder.
            env["ANTHROPIC_API_KEY"] = NoKey;
        }

        return env;
    }

    protected override IAgentStreamParser CreateParser(AgentTurn turn) => new ClaudeStreamParser(turn.Workspace);

    /// <summary>The HTTP status Claude reports for an API error says more than its words.</summary>
    protected override AgentFailureKind Classify(int? exitCode, string errorText)
    {
        if (ApiStatus().Match(errorText) is { Success: true } m)
        {
            switch (m.Groups[1].Value)
            {
                case "401" or "403":
                    return AgentFailureKind.AuthFailed;
                case "429" or "503" or "529":
                    return AgentFailureKind.RateLimited;
            }
        }

        if (NoCredentials().IsMatch(errorText))
        {
            return AgentFailureKind.AuthFailed;
        }

        return ResumeRefused().IsMatch(errorText) ? AgentFailureKind.StaleSession : base.Classify(exitCode, errorText);
    }

    [GeneratedRegex(@"\(API error status (\d{3})\)")]
    private static partial Regex ApiStatus();

    [GeneratedRegex(@"--resume requires a valid session|No conversation found", RegexOptions.IgnoreCase)]
    private static partial Regex ResumeRefused();

    [GeneratedRegex(@"Not logged in|Invalid API key", RegexOptions.IgnoreCase)]
    private static partial Regex NoCredentials();
}
