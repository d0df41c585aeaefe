using System.CommandLine;
using System.Globalization;
using Baton.Cli.Chat;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Events;
using Baton.Core.Nodes;

namespace Baton.Cli.Commands;

/// <summary><c>baton nodes</c>: the nodes of a shared store, the runs each holds by its lease, folded from the event feed.</summary>
public static class NodesCommand
{
    public static Command Create()
    {
        var command = new Command("nodes", "Scale-out nodes (host:pid) that hold or held runs on this store: their runs, last heard, lease, runs taken from them, which one runs the Matrix bridge");
        Verb.WithApp(command, async (app, _, ui, ct) =>
        {
            var fold = new NodesFold();
            await foreach (var e in app.Feed.ReadAsync(new FeedQuery(TypePrefix: ""), follow: false, ct))
            {
                fold.Apply(e);
            }

            var now = app.Services.Time.GetUtcNow();
            var bridge = await app.Store.ReadLeaseAsync(BridgeHost.LeaseName, ct);
            var nodes = fold.Summary(bridge is null ? [] : [bridge], now);
            ui.Result(nodes, static j => j.IReadOnlyListNodeSummary, u =>
            {
                if (nodes.Count == 0)
                {
                    u.Line(app.Services.Lease is null
                        ? "no nodes: this is the embedded store (one machine); `store: postgres://…` shares the queue between nodes"
                        : "no node has held a run yet (`baton worker` starts one)");
                    return;
                }

                foreach (var n in nodes)
                {
                    List<string> parts = [$"{n.Runs.Count} run(s)"];
                    if (n.LastHeard is { } at)
                    {
                        parts.Add($"last heard {(now - at).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ago");
                        parts.Add($"lease {n.LeaseSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
                    }
                    else if (n.Holds.Count == 0)
                    {
                        parts.Add("not heard from");
                    }

                    if (n.Lost > 0)
                    {
                        parts.Add($"{n.Lost} run(s) taken from it");
                    }

                    if (n.Holds.Contains(BridgeHost.LeaseName))
                    {
                        parts.Add($"runs the Matrix bridge (lease epoch {bridge!.Epoch})");
                    }

                    u.Line($"{n.Node,-24} {string.Join(", ", parts)}");
                    foreach (var run in n.Runs)
                    {
                        u.Line($"  {run.RunId} (task {run.TaskId})");
                    }
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
