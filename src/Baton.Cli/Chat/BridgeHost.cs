using Baton.Cli.Hosting;
using Baton.Engine.Execution;
using Baton.Engine.Leadership;
using Baton.Engine.Scheduling;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Chat;

/// <summary>
/// Runs the queue worker and, beside it, the Matrix bridge. A bridge is one logged-in device, one /sync loop and one
/// sender of the outbox, so it runs on one node at a time: on the embedded store (one machine) <c>serve</c> runs it
/// directly; on a shared store every <c>serve</c> and <c>worker</c> node with <c>matrix:</c> competes for the bridge's
/// lease (<see cref="LeaseName"/>) and the holder runs it (<see cref="SingletonLeader"/>). A node taking over sends
/// what the outbox still holds with each message's own transaction id, on the same device, so the homeserver
/// drops what the last holder already sent. The bridge failing by itself stops the node with its error.
/// </summary>
public static class BridgeHost
{
    /// <summary>The name of the bridge's lease in the store (<c>baton nodes</c> shows its holder).</summary>
    public const string LeaseName = "matrix-bridge";

    public static async Task<QueueSummary> RunAsync(BatonApp app, string verb, QueueWorker worker, CancellationTokenSource stop, Action<string> progress)
    {
        var matrix = app.Config.Matrix ?? throw new InvalidOperationException("no matrix: section");
        ChatWiring.Secret(matrix);   // a missing secret stops the node now, not when it first takes the bridge
        var queue = worker.RunAsync(QueueMode.Forever, stop.Token);
        var chat = BridgeAsync(app, verb, worker.Wake, progress, stop.Token);
        var first = await Task.WhenAny(queue, chat);
        if (first == chat && chat.IsFaulted)
        {
            await stop.CancelAsync();
            await queue;
            await chat;   // rethrows: the node stops with the bridge's error
        }

        await stop.CancelAsync();
        try
        {
            await chat;
        }
        catch (OperationCanceledException)
        {
        }

        return await queue;
    }

    private static Task BridgeAsync(BatonApp app, string verb, Action wakeQueue, Action<string> progress, CancellationToken ct)
    {
        if (app.Services.Lease is not { } lease)
        {
            return ChatWiring.RunBridgeAsync(app, wakeQueue, progress, ct);
        }

        var node = RunExecutor.NodeName(app.Services.ProcessControl.CurrentOwner);
        var leader = new SingletonLeader(app.Store, LeaseName, node, lease, app.Services.Time, app.Services.Logs.CreateLogger("Baton.Matrix"))
        {
            Changed = change => progress($"baton {verb}: {Describe(change)}"),
        };
        return leader.RunAsync(c => ChatWiring.RunBridgeAsync(app, wakeQueue, progress, c), ct);
    }

    private static string Describe(LeadershipChange change) => change.State switch
    {
        LeadershipState.Taken => $"this node ({change.Holder}) runs the Matrix bridge (lease epoch {change.Epoch})",
        LeadershipState.Lost => $"this node lost the Matrix bridge ({change.Why}); it stopped it and tries to take it again",
        LeadershipState.Released => "the Matrix bridge is handed back for another node to take at once",
        LeadershipState.HeldElsewhere => $"the Matrix bridge runs on node {change.Holder}; this node takes it over if that one stops",
    };
}
