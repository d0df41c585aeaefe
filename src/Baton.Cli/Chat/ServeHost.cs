using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Config;
using Baton.Engine.Scheduling;
using Baton.Web;

namespace Baton.Cli.Chat;

/// <summary>
/// <c>baton serve</c>: the queue worker, the HTTP API and dashboard (unless <c>server.enabled: false</c>) and, when
/// <c>matrix:</c> is configured, the Matrix bridge, side by side. The bridge or the server failing to start stops the
/// service with a message; once running the bridge rides out errors.
/// </summary>
public static class ServeHost
{
    public static async Task<QueueSummary> RunAsync(BatonApp app, ServerConfig server, Ui ui, CancellationToken ct)
    {
        CliLog.VerbStarted(app.Log, "serve", Versions.Current);
        var worker = new QueueWorker(app.Services, new QueueProgress(ui)) { PollInterval = TimeSpan.FromSeconds(2) };
        app.Desk.Wake = worker.Wake;
        await using var web = server.Enabled ? await StartWebAsync(app, server, ui, ct) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sync = SyncWiring.Start(app, "serve", ui.Progress, stop.Token);
        try
        {
            return await RunAsync(app, worker, stop, ui);
        }
        finally
        {
            await stop.CancelAsync();
            if (sync is not null)
            {
                await sync.DisposeAsync();
            }

            CliLog.VerbEnded(app.Log, "serve", ct.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success);
        }
    }

    private static async Task<QueueSummary> RunAsync(BatonApp app, QueueWorker worker, CancellationTokenSource stop, Ui ui)
    {
        if (app.Config.Matrix is null)
        {
            return await worker.RunAsync(QueueMode.Forever, stop.Token);
        }

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

    private static async Task<WebServer> StartWebAsync(BatonApp app, ServerConfig server, Ui ui, CancellationToken ct)
    {
        var web = await WebWiring.StartAsync(app, server, ct);
        if (web.TakenPort is { } taken)
        {
            ui.Progress($"baton serve: port {taken} is taken (another Baton?); using {web.Url.Port}");
        }

        ui.Progress($"baton serve: dashboard at {web.Url}{(server.HasTokens ? " (sign in with your token)" : "")}");
        return web;
    }
}
