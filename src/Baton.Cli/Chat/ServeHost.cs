using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Config;
using Baton.Engine.Scheduling;
using Baton.Web;

namespace Baton.Cli.Chat;

/// <summary>
/// <c>baton serve</c>: the queue worker, the HTTP API and dashboard (unless <c>server.enabled: false</c>) and, when
/// <c>matrix:</c> is configured, the Matrix bridge (on a shared store, on whichever node holds its lease: see
/// <see cref="BridgeHost"/>), side by side. The bridge or the server failing to start stops the service with a message;
/// once running the bridge rides out errors.
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

    private static Task<QueueSummary> RunAsync(BatonApp app, QueueWorker worker, CancellationTokenSource stop, Ui ui) =>
        app.Config.Matrix is null
            ? worker.RunAsync(QueueMode.Forever, stop.Token)
            : BridgeHost.RunAsync(app, "serve", worker, stop, ui.Progress);

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
