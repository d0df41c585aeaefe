using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Testing;

namespace Baton.Engine.Tests.Fakes;

/// <summary>Keeps what an agent adapter reports: its events and every output line for the stage log.</summary>
public sealed class RecordingAgentSink : IAgentEventSink
{
    private readonly Lock _gate = new();
    private readonly List<EventData> _events = [];
    private readonly List<OutputLine> _lines = [];

    public ProcessCallbacks ProcessCallbacks { get; } = new();

    public IReadOnlyList<(EventType Type, JsonObject Data)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events.Select(e => (e.Type, e.Fields()))];
            }
        }
    }

    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public void Emit(EventData data)
    {
        lock (_gate)
        {
            _events.Add(data);
        }
    }

    public void Log(OutputLine line)
    {
        lock (_gate)
        {
            _lines.Add(line);
        }
    }
}
