using System.Collections.Concurrent;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;

namespace Baton.Engine.Tests.Fakes;

/// <summary>
/// An adapter whose turns follow a script (turn number, starting at 1 → result), reporting what <paramref name="report"/>
/// emits first (events a CLI would report); it records every turn it was given.
/// </summary>
public sealed class ScriptedAgentAdapter(AgentKind kind, Func<AgentTurn, int, AgentTurnResult> script, Action<IAgentEventSink>? report = null) : IAgentAdapter
{
    private readonly ConcurrentQueue<AgentTurn> _turns = new();

    public AgentKind Kind => kind;

    public IReadOnlyList<AgentTurn> Turns => [.. _turns];

    /// <summary>What a relaunch after an untrusted folder changes (<see cref="IAgentAdapter.CorrectionFor"/>); null: nothing.</summary>
    public string? Correction { get; init; }

    public string? CorrectionFor(AgentFailureKind failure) => failure == AgentFailureKind.UntrustedDirectory ? Correction : null;

    public Task<AgentTurnResult> RunTurnAsync(AgentTurn turn, IAgentEventSink sink, CancellationToken ct)
    {
        _turns.Enqueue(turn);
        report?.Invoke(sink);
        var result = script(turn, _turns.Count);
        if (result.Succeeded && result.FinalMessage is { } text)
        {
            sink.Emit(new AgentMessageData { Text = text });
        }

        return Task.FromResult(result);
    }

    public static AgentTurnResult Ok(string answer, string? session = null) =>
        new() { Succeeded = true, ExitCode = 0, FinalMessage = answer, SessionId = session, Usage = new AgentUsage { InputTokens = 100, OutputTokens = 10 } };

    public static AgentTurnResult Failed(AgentFailureKind failure, string error, string? session = null) =>
        new() { ExitCode = 1, Failure = failure, Error = error, SessionId = session };
}
