using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.Core.Processes;

namespace Baton.Agents.Tests.Support;

/// <summary>Keeps every event and log line an adapter reports, for assertions.</summary>
public sealed class RecordingSink : IAgentEventSink
{
    public List<(EventType Type, JsonObject Data)> Events { get; } = [];

    public List<OutputLine> Lines { get; } = [];

    public ProcessCallbacks ProcessCallbacks { get; } = new();

    public void Emit(EventType type, JsonObject data)
    {
        lock (Events)
        {
            Events.Add((type, data));
        }
    }

    public void Log(OutputLine line)
    {
        lock (Lines)
        {
            Lines.Add(line);
        }
    }
}
