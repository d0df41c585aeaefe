using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;
using Baton.Core.Processes;

namespace Baton.Agents.Cli;

/// <summary>
/// The part every agent CLI shares: find the executable, give it an isolated home, run it in the workspace with a
/// closed stdin (or, for a CLI that speaks a protocol on it, a conversation) and an explicit environment, turn its stdout into events, and judge the turn by the CLI's own final
/// record and exit code (a stream that ends without one is a failure). Subclasses say how to launch and parse.
/// </summary>
public abstract class CliAgentAdapter(IProcessRunner processes) : IAgentAdapter
{
    private const int StderrKept = 40;

    public abstract AgentKind Kind { get; }

    /// <summary>The executable's name on PATH when the agent config gives no <c>command</c>.</summary>
    public abstract string DefaultExecutable { get; }

    /// <summary>How to install the CLI, for the error a user sees when it is missing.</summary>
    public abstract string InstallHint { get; }

    /// <summary>
    /// Writes the CLI's config into <paramref name="home"/> (its isolated config/home directory) and says how to launch
    /// it for this turn. The agent's extra <c>args</c> must be placed where the CLI accepts them (before the prompt).
    /// </summary>
    protected abstract CliLaunch Prepare(AgentTurn turn, string executable, string home);

    protected abstract IAgentStreamParser CreateParser(AgentTurn turn);

    /// <inheritdoc/>
    public virtual string? CorrectionFor(AgentFailureKind failure) => null;

    /// <summary>The failure's signature from the CLI's exit code and error text.</summary>
    protected virtual AgentFailureKind Classify(int? exitCode, string errorText) => FailureSignatures.Classify(errorText);

    /// <summary>This turn's own usage from what the parser read (Codex overrides: its figures are per session).</summary>
    protected virtual AgentUsage? TurnUsage(AgentTurn turn, AgentUsage? reported) => reported;

    /// <summary>The session's running usage after this turn (Codex overrides: it reports exactly that).</summary>
    protected virtual AgentUsage? SessionTotal(AgentTurn turn, AgentUsage? reported, AgentUsage? turnUsage) =>
        turnUsage is null ? turn.SessionUsage : (turn.SessionUsage ?? AgentUsage.Zero).Plus(turnUsage);

    public async Task<AgentTurnResult> RunTurnAsync(AgentTurn turn, IAgentEventSink sink, CancellationToken ct)
    {
        var executable = ExecutableLocator.Find(turn.Agent.Command ?? DefaultExecutable, turn.Environment);
        if (executable is null)
        {
            var error = $"the {DefaultExecutable} CLI for agent `{turn.Agent.Name}` was not found on PATH; {InstallHint}, or set agents.{turn.Agent.Name}.command to its path";
            sink.Emit(new AgentErrorData { Message = error, Fatal = true });
            return new AgentTurnResult { Failure = AgentFailureKind.CliMissing, Error = error };
        }

        var home = turn.HomeDirectory ?? Path.Combine(Path.GetTempPath(), "baton-agent-" + turn.Agent.Name);
        Directory.CreateDirectory(home);
        var launch = Prepare(turn, executable, home);
        var input = launch.Conversation is null ? null : new ChildInput();
        var spec = new ProcessSpec
        {
            Input = input,
            FileName = launch.Executable,
            Arguments = launch.Arguments,
            WorkingDirectory = turn.Workspace,
            Environment = BuildEnvironment(turn, launch, home),
            Timeout = turn.Timeout,
        };

        var parser = launch.Parser ?? CreateParser(turn);
        var stream = new StreamPump(parser, sink, turn, launch.Conversation);
        var callbacks = sink.ProcessCallbacks with { OnLine = stream.OnLine };
        ProcessResult result;
        try
        {
            launch.Conversation?.Begin(input!, sink);
            result = await processes.RunAsync(spec, callbacks, ct);
        }
        finally
        {
            input?.Close();
            if (launch.Conversation is { } conversation)
            {
                await conversation.EndAsync();
            }
        }

        stream.Complete();
        return Judge(turn, result, parser, stream, sink);
    }

    private static Dictionary<string, string> BuildEnvironment(AgentTurn turn, CliLaunch launch, string home)
    {
        var env = new Dictionary<string, string>(turn.Environment, StringComparer.Ordinal)
        {
            // The CLI's home is its own: no reads of the user's dotfiles or personal CLI config.
            ["HOME"] = Path.Combine(home, "home"),
        };
        Directory.CreateDirectory(env["HOME"]);
        foreach (var (key, value) in launch.Environment)
        {
            env[key] = value;
        }

        foreach (var (key, value) in turn.Agent.Env)
        {
            env[key] = value;
        }

        return env;
    }

    private AgentTurnResult Judge(AgentTurn turn, ProcessResult result, IAgentStreamParser parser, StreamPump stream, IAgentEventSink sink)
    {
        var usage = TurnUsage(turn, parser.Usage);
        if (usage is not null)
        {
            sink.Emit(UsageData(usage));
        }

        var succeeded = result.Succeeded && parser.Verdict == StreamVerdict.Succeeded;
        var failure = succeeded ? AgentFailureKind.None
            : result.TimedOut ? AgentFailureKind.TimedOut
            : result.Cancelled ? AgentFailureKind.Stopped
            : Classify(result.ExitCode, parser.Error + "\n" + stream.StderrTail);
        var error = succeeded ? null : Describe(turn, result, parser, stream);
        if (error is not null && !result.Cancelled)
        {
            sink.Emit(new AgentErrorData { Message = error, Fatal = true, Failure = Names.Of(failure) });
        }

        return new AgentTurnResult
        {
            Succeeded = succeeded,
            ExitCode = result.ExitCode,
            TimedOut = result.TimedOut,
            Cancelled = result.Cancelled,
            SessionId = parser.SessionId ?? turn.SessionId,
            FinalMessage = parser.FinalMessage,
            Error = error,
            Failure = failure,
            Usage = usage,
            SessionUsage = SessionTotal(turn, parser.Usage, usage),
            OutputTail = result.Tail,
        };
    }

    private string Describe(AgentTurn turn, ProcessResult result, IAgentStreamParser parser, StreamPump stream)
    {
        var name = $"agent `{turn.Agent.Name}` ({DefaultExecutable})";
        if (result.TimedOut)
        {
            return $"{name} timed out after {turn.Timeout}";
        }

        if (result.Cancelled)
        {
            return $"{name} was stopped";
        }

        if (parser.Error is { Length: > 0 } reported)
        {
            return $"{name} failed: {reported}";
        }

        if (result.ExitCode == 0)
        {
            return $"{name} exited 0 without a final result record; the stream may be truncated";
        }

        var detail = stream.StderrTail.Trim();
        return detail.Length > 0 ? $"{name} exited {result.ExitCode}: {Last(detail, 600)}" : $"{name} exited {result.ExitCode}";
    }

    private static string Last(string text, int max) => text.Length <= max ? text : "…" + text[^max..];

    public static AgentUsageData UsageData(AgentUsage usage) => new()
    {
        InputTokens = usage.InputTokens,
        CachedInputTokens = usage.CachedInputTokens,
        OutputTokens = usage.OutputTokens,
        ReasoningTokens = usage.ReasoningTokens,
        CostUsd = usage.CostUsd,
    };

    /// <summary>Feeds stdout lines to the parser and its events to the sink; keeps the stderr tail for error messages.</summary>
    private sealed class StreamPump(IAgentStreamParser parser, IAgentEventSink sink, AgentTurn turn, ICliConversation? conversation)
    {
        private readonly List<EventData> _events = [];
        private readonly Queue<string> _stderr = new();
        private readonly Lock _gate = new();
        private bool _sessionAnnounced;

        public string StderrTail
        {
            get
            {
                lock (_gate)
                {
                    return string.Join('\n', _stderr);
                }
            }
        }

        public void OnLine(OutputLine line)
        {
            sink.Log(line);
            lock (_gate)
            {
                if (line.IsError)
                {
                    _stderr.Enqueue(line.Text.Length > 2000 ? line.Text[..2000] : line.Text);
                    if (_stderr.Count > StderrKept)
                    {
                        _stderr.Dequeue();
                    }

                    return;
                }

                conversation?.Handle(line.Text);
                parser.Parse(line.Text, _events);
                Flush();
                if (conversation is not null && parser.Verdict != StreamVerdict.Pending)
                {
                    conversation.TurnEnded();
                }
            }
        }

        public void Complete()
        {
            lock (_gate)
            {
                parser.Complete(_events);
                Flush();
            }
        }

        private void Flush()
        {
            if (!_sessionAnnounced && parser.SessionId is { } session)
            {
                _sessionAnnounced = true;
                sink.Emit(new AgentSessionData { SessionId = session, Agent = turn.Agent.Name, Resumed = turn.SessionId == session });
            }

            foreach (var e in _events)
            {
                sink.Emit(e);
            }

            _events.Clear();
        }
    }
}
