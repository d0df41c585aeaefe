using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Codex;

/// <summary>
/// OpenAI Codex CLI in the workspace, resuming the task's thread when it has one: over <c>codex app-server</c>, each
/// command and file change decided by Baton before it runs (<c>mode: ask</c>, the default; <see cref="CodexAppServer"/>),
/// or <c>codex exec --json</c> (<c>mode: exec</c>). Its home
/// (<c>CODEX_HOME</c>, where threads are kept for resuming) is <c>&lt;agent home&gt;/codex</c>.
/// </summary>
public sealed class CodexAdapter(IProcessRunner processes) : CliAgentAdapter(processes)
{
    public const string DefaultSandbox = "workspace-write";

    public override AgentKind Kind => AgentKind.Codex;

    public override string DefaultExecutable => "codex";

    public override string InstallHint => "install it with `npm install -g @openai/codex`";

    protected override CliLaunch Prepare(AgentTurn turn, string executable, string home)
    {
        var codexHome = Path.Combine(home, "codex");
        CodexConfig.Write(codexHome, turn.Agent, turn.ApiKey is not null, Trusts(turn) ? turn.Workspace : null);
        if (turn.Agent.AsksFirst)
        {
            var server = new CodexAppServer(turn);
            return new CliLaunch
            {
                Executable = executable,
                Arguments = ["app-server", .. turn.Agent.Args],
                Environment = Variables(turn, codexHome),
                Conversation = server,
                Parser = server,
            };
        }

        return new CliLaunch
        {
            Executable = executable,
            Arguments = Arguments(turn),
            Environment = Variables(turn, codexHome),
        };
    }

    /// <summary>Relaunched after Codex refused the folder as untrusted (whatever <c>--skip-git-repo-check</c> did): its config marks the workspace trusted.</summary>
    public override string? CorrectionFor(AgentFailureKind failure) =>
        failure == AgentFailureKind.UntrustedDirectory ? "the workspace marked trusted in Codex's config (projects.<workspace>.trust_level)" : null;

    private static bool Trusts(AgentTurn turn) => turn.RecoveringFrom == AgentFailureKind.UntrustedDirectory;

    /// <summary>
    /// <c>exec</c>'s options, then the agent's own args, then <c>resume &lt;thread&gt;</c> (its options may precede it),
    /// then <c>--</c> so a prompt that starts with a dash is not read as an option.
    /// </summary>
    public static IReadOnlyList<string> Arguments(AgentTurn turn)
    {
        var args = new List<string> { "exec", "--json", "--skip-git-repo-check", "-C", turn.Workspace, "--sandbox", turn.Agent.Sandbox ?? DefaultSandbox };
        if (turn.Agent.Model is { } model)
        {
            args.AddRange(["-m", model]);
        }

        args.AddRange(turn.Agent.Args);
        if (turn.SessionId is { } thread)
        {
            args.AddRange(["resume", thread]);
        }

        args.AddRange(["--", PromptArgument.For(turn)]);
        return args;
    }

    private static Dictionary<string, string> Variables(AgentTurn turn, string codexHome)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["CODEX_HOME"] = codexHome };
        if (turn.ApiKey is { } key)
        {
            var names = turn.Agent.BaseUrl is null ? CodexConfig.BuiltInKeyVariables : [CodexConfig.ApiKeyVariable];
            foreach (var name in names)
            {
                env[name] = key.Reveal();
            }
        }

        return env;
    }

    protected override IAgentStreamParser CreateParser(AgentTurn turn) => new CodexStreamParser(turn.Workspace);

    /// <summary>
    /// Codex reports the thread's running total, so a resumed turn's own usage is the difference. A total below the one
    /// before means Codex started a new thread instead; then the total is this turn's.
    /// </summary>
    protected override AgentUsage? TurnUsage(AgentTurn turn, AgentUsage? reported)
    {
        if (reported is null || turn.SessionId is null || turn.SessionUsage is not { } before)
        {
            return reported;
        }

        return IsNewThread(reported, before) ? reported : reported.Minus(before);
    }

    /// <summary>Codex reports the session's running total itself; a new thread's total starts over.</summary>
    protected override AgentUsage? SessionTotal(AgentTurn turn, AgentUsage? reported, AgentUsage? turnUsage) => reported ?? turn.SessionUsage;

    private static bool IsNewThread(AgentUsage reported, AgentUsage before) =>
        reported.InputTokens < before.InputTokens || reported.OutputTokens < before.OutputTokens;
}
