using System.Collections.Concurrent;
using Baton.Core.Processes;

namespace Baton.Processes.Tests.Support;

/// <summary>Records a run's lines and its process group, and lets a test wait for a line without sleeping.</summary>
public sealed class OutputRecorder
{
    private readonly ConcurrentQueue<OutputLine> _lines = new();
    private readonly List<(Func<OutputLine, bool> Match, TaskCompletionSource<OutputLine> Done)> _waiters = [];
    private readonly TaskCompletionSource<ProcessGroup> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProcessCallbacks Callbacks => new()
    {
        OnStarted = group =>
        {
            _started.TrySetResult(group);
            return Task.CompletedTask;
        },
        OnLine = Add,
    };

    public Task<ProcessGroup> Started => _started.Task;

    public IReadOnlyList<string> Stdout => [.. _lines.Where(l => !l.IsError).Select(l => l.Text)];

    public IReadOnlyList<string> Stderr => [.. _lines.Where(l => l.IsError).Select(l => l.Text)];

    /// <summary>Completes with the first line that matches, whether it already arrived or arrives later.</summary>
    public Task<OutputLine> LineAsync(Func<OutputLine, bool> match)
    {
        lock (_waiters)
        {
            foreach (var line in _lines)
            {
                if (match(line))
                {
                    return Task.FromResult(line);
                }
            }

            var done = new TaskCompletionSource<OutputLine>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    private void Add(OutputLine line)
    {
        lock (_waiters)
        {
            _lines.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)))
            {
                waiter.Done.TrySetResult(line);
            }
        }
    }
}
