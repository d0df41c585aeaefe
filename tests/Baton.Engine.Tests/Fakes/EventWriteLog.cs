using Baton.Core.Events;

namespace Baton.Engine.Tests.Fakes;

/// <summary>One chronological record of every event batch written, to any sink, so tests can check write order.</summary>
public sealed class EventWriteLog
{
    private readonly Lock _gate = new();
    private readonly List<EventWrite> _writes = [];

    public IReadOnlyList<EventWrite> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public void Add(string sink, IReadOnlyList<RunEvent> batch)
    {
        lock (_gate)
        {
            _writes.Add(new EventWrite(sink, [.. batch.Select(e => e.Seq)]));
        }
    }
}
