using System.Collections.Concurrent;
using Baton.Core.Events;
using Baton.Core.Processes;
using Baton.Engine.Execution;

namespace Baton.Engine.Tests.Fakes;

/// <summary>A live view that keeps every event it is shown and can react to one as it happens.</summary>
public sealed class RecordingObserver(Action<RunEvent>? onEvent = null) : IRunObserver
{
    private readonly ConcurrentQueue<RunEvent> _events = new();

    public IReadOnlyList<RunEvent> Events => [.. _events];

    public void OnEvent(RunEvent evt)
    {
        _events.Enqueue(evt);
        onEvent?.Invoke(evt);
    }

    public void OnOutput(string runId, string stage, OutputLine line)
    {
    }
}
