using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Testing;

namespace Baton.Agents.Tests.Support;

/// <summary>Keeps what an adapter reports: its events, every output line and every action it asked about; thread-safe (lines arrive on reader threads).</summary>
public sealed class RecordingSink : IAgentEventSink
{
    private readonly Lock _gate = new();
    private readonly List<EventData> _events = [];
    private readonly List<OutputLine> _lines = [];
    private readonly List<ProcessGroup> _groups = [];

    public RecordingSink()
    {
        ProcessCallbacks = new ProcessCallbacks
        {
            OnStarted = group =>
            {
                lock (_gate)
                {
                    _groups.Add(group);
                }

                return Task.CompletedTask;
            },
        };
    }

    public ProcessCallbacks ProcessCallbacks { get; }

    /// <summary>How actions the CLI asks about are decided (default: allowed); every one asked is kept in <see cref="Asked"/>.</summary>
    public Func<AgentAction, ActionDecision> Decide { get; init; } = _ => ActionDecision.Allow;

    private readonly List<AgentAction> _asked = [];

    public IReadOnlyList<AgentAction> Asked
    {
        get
        {
            lock (_gate)
            {
                return [.. _asked];
            }
        }
    }

    public Task<ActionDecision> DecideAsync(AgentAction action, CancellationToken ct)
    {
        lock (_gate)
        {
            _asked.Add(action);
        }

        return Task.FromResult(Decide(action));
    }

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

    /// <summary>The process groups the turn started (real runs only).</summary>
    public IReadOnlyList<ProcessGroup> Groups
    {
        get
        {
            lock (_gate)
            {
                return [.. _groups];
            }
        }
    }

    public IReadOnlyList<JsonObject> Of(EventType type) => [.. Events.Where(e => e.Type == type).Select(e => e.Data)];

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
