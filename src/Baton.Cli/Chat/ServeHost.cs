using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Engine.Scheduling;
using Baton.Matrix.Bridge;

namespace Baton.Cli.Chat;

/// <summary>
/// <c>baton serve</c>: the queue worker and, when <c>matrix:</c> is configured, the Matrix bridge, side by side. The bridge
/// failing to start (bad token, homeserver down) stops the service with a message; once running it rides out errors.
/// </summary>
public static class ServeHost
{
    public static async Task<QueueSummary> RunAsync(BatonApp app, Ui ui, CancellationToken ct)
    {
        var worker = new QueueWorker(app.Services, new QueueProgress(ui)) { PollInterval = TimeSpan.FromSeconds(2) };
        app.Desk.Wake = worker.Wake;
        if (app.Config.Matrix is null)
        {
            return await worker.RunAsync(QueueMode.Forever, ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var bridge = await ChatWiring.BridgeAsync(app, worker.Wake, ui.Progress, stop.Token);
        var queue = worker.RunAsync(QueueMode.Forever, stop.Token);
        var chat = bridge.RunAsync(stop.Token);
        var first = await Task.WhenAny(queue, chat);
        if (first == chat && chat.IsFaulted)
        {
            await stop.CancelAsync();
            await queue;
            await chat;   // rethrows: the service stops with the bridge's error
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
}
