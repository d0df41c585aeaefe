using Baton.Core.Events.Data;
using Baton.Core.Processes;

namespace Baton.Core.Agents;

/// <summary>Where an adapter reports what its CLI does, and the raw output for the stage log.</summary>
public interface IAgentEventSink
{
    void Emit(EventData data);

    void Log(OutputLine line);

    ProcessCallbacks ProcessCallbacks { get; }
}
