using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;

namespace Baton.Core.Nodes;

/// <summary>
/// The nodes of a shared store, folded from the event feed: which node holds which run (its latest
/// <c>lease.acquired</c>), when each was last heard from (the latest event of a run it holds), and the runs taken from it
/// (<c>lease.lost</c>). A run stops being held when it ends, is interrupted or parks for a person.
/// </summary>
public sealed class NodesFold
{
    private readonly Dictionary<string, NodeState> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Node, string TaskId)> _holders = new(StringComparer.Ordinal);

    public void Apply(RunEvent e)
    {
        if (e.RunId is not { } runId)
        {
            return;
        }

        if (e.Data is not LeaseLostData)
        {
            // Another node writes the loss; everything else of a held run is its holder at work.
            Heard(runId, e.Ts);
        }

        switch (e.Data)
        {
            case LeaseAcquiredData acquired:
                Release(runId);
                var node = Node(acquired.Node);
                node.Runs[runId] = e.TaskId;
                node.LeaseSeconds = acquired.LeaseSeconds;
                _holders[runId] = (acquired.Node, e.TaskId);
                Heard(runId, e.Ts);
                break;
            case LeaseLostData lost:
                Release(runId);
                Node(lost.Node).Lost++;
                break;
            case RunFinishedData:
            case RunStateData { State: "interrupted" or "needs_input" }:
                Release(runId);
                break;
        }

    }

    private void Heard(string runId, DateTimeOffset at)
    {
        if (_holders.TryGetValue(runId, out var holder))
        {
            var held = Node(holder.Node);
            held.LastHeard = held.LastHeard is { } last && last > at ? last : at;
        }
    }

    /// <summary>Every node seen, busiest first.</summary>
    public IReadOnlyList<NodeSummary> Summary() =>
    [
        .. _nodes.Select(n => new NodeSummary(n.Key, [.. n.Value.Runs.Select(r => new HeldRun(r.Key, r.Value)).OrderBy(r => r.RunId, StringComparer.Ordinal)],
                n.Value.LastHeard, n.Value.LeaseSeconds, n.Value.Lost))
            .OrderByDescending(n => n.Runs.Count).ThenBy(n => n.Node, StringComparer.Ordinal),
    ];

    /// <summary>
    /// <see cref="Summary()"/> with the singletons each node holds a live lease on at <paramref name="now"/>; a holder that
    /// holds no run is listed too.
    /// </summary>
    public IReadOnlyList<NodeSummary> Summary(IEnumerable<SingletonLease> leases, DateTimeOffset now)
    {
        var nodes = Summary().ToList();
        foreach (var lease in leases.Where(l => l.IsHeldAt(now)))
        {
            var i = nodes.FindIndex(n => n.Node == lease.Holder);
            if (i < 0)
            {
                nodes.Add(new NodeSummary(lease.Holder!, [], null, 0, 0));
                i = nodes.Count - 1;
            }

            nodes[i] = nodes[i] with { Holds = [.. nodes[i].Holds, lease.Name] };
        }

        return nodes;
    }

    private void Release(string runId)
    {
        if (_holders.Remove(runId, out var holder))
        {
            Node(holder.Node).Runs.Remove(runId);
        }
    }

    private NodeState Node(string name)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            _nodes[name] = node = new NodeState();
        }

        return node;
    }

    private sealed class NodeState
    {
        public Dictionary<string, string> Runs { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset? LastHeard { get; set; }
        public double LeaseSeconds { get; set; }
        public int Lost { get; set; }
    }
}

/// <summary>
/// One node: the runs it holds, when a run of it was last heard from, its lease, how many runs were taken from it, and
/// the singletons whose lease it holds (the Matrix bridge).
/// </summary>
public sealed record NodeSummary(string Node, IReadOnlyList<HeldRun> Runs, DateTimeOffset? LastHeard, double LeaseSeconds, int Lost)
{
    public IReadOnlyList<string> Holds { get; init; } = [];
}

public sealed record HeldRun(string RunId, string TaskId);
