using System.Text.RegularExpressions;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.Core.Processes;

namespace Baton.Agents.Command;

/// <summary>
/// Any executable as an agent: the prompt is in a file (<c>{prompt_file}</c>, <c>BATON_PROMPT_FILE</c>), JSON lines it
/// prints on stdout become events, other lines are kept as <c>agent.raw</c>; success is exit code 0.
/// </summary>
public sealed partial class CommandAgentAdapter(IProcessRunner processes) : IAgentAdapter
{
    public AgentKind Kind => AgentKind.Command;

    public async Task<AgentTurnResult> RunTurnAsync(AgentTurn turn, IAgentEventSink sink, CancellationToken ct)
    {
        var command = Expand(turn.Agent.Command ?? "", turn);
        var env = new Dictionary<string, string>(turn.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in turn.Agent.Env)
        {
            env[key] = value;
        }

        var parser = new CommandOutputParser();
        var spec = ProcessSpec.Shell(command, turn.Workspace, env) with { Timeout = turn.Timeout };
        var callbacks = sink.ProcessCallbacks with
        {
            OnLine = line =>
            {
                sink.Log(line);
                if (!line.IsError)
                {
                    sink.Emit(parser.Parse(line.Text));
                }
            },
        };

        var result = await processes.RunAsync(spec, callbacks, ct);

        return new AgentTurnResult
        {
            Succeeded = result.Succeeded,
            ExitCode = result.ExitCode,
            TimedOut = result.TimedOut,
            Cancelled = result.Cancelled,
            SessionId = parser.SessionId,
            FinalMessage = parser.LastMessage,
            Error = result.Succeeded ? null : Describe(result, turn),
            OutputTail = result.Tail,
        };
    }

    private static string Describe(ProcessResult result, AgentTurn turn) => result switch
    {
        { TimedOut: true } => $"agent `{turn.Agent.Name}` timed out after {turn.Timeout}",
        { Cancelled: true } => $"agent `{turn.Agent.Name}` was stopped",
        _ => $"agent `{turn.Agent.Name}` exited {result.ExitCode}",
    };

    /// <summary>
    /// Substitutes placeholders with shell-quoted values in one pass, so paths with spaces survive and a value that
    /// itself contains placeholder text is not expanded again.
    /// </summary>
    public static string Expand(string template, AgentTurn turn) => Placeholder().Replace(template, m => m.Groups[1].Value switch
    {
        "prompt_file" => Quote(turn.PromptFile),
        "workspace" => Quote(turn.Workspace),
        "task_id" => Quote(turn.TaskId),
        "run_id" => Quote(turn.RunId),
        _ => Quote(turn.Stage),
    });

    [GeneratedRegex(@"\{(prompt_file|workspace|task_id|run_id|stage)\}")]
    private static partial Regex Placeholder();

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
