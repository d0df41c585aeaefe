using Baton.Core.Agents;
using Baton.Core.Processes;

namespace Baton.Agents.Cli;

/// <summary>
/// The adapter's half of a CLI that speaks a protocol over stdin: it starts the turn, answers the CLI's requests (each
/// action decided by the sink before it runs), and ends the CLI's input once the turn's result has come.
/// </summary>
public interface ICliConversation
{
    /// <summary>Writes what starts the turn; lines wait in <paramref name="input"/> until the CLI runs.</summary>
    void Begin(ChildInput input, IAgentEventSink sink);

    /// <summary>Sees each stdout line before the parser does; answers the requests among them without blocking the reader.</summary>
    void Handle(string line);

    /// <summary>The turn's final record has come: end the CLI's input so it exits.</summary>
    void TurnEnded();

    /// <summary>After the process has exited: waits for answers still being decided (cancelled: nobody is left to hear them).</summary>
    Task EndAsync();
}
