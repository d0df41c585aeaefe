using System.CommandLine;
using Baton.Cli.Chat;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Ports;

namespace Baton.Cli.Commands;

/// <summary><c>baton sync status</c> (what the outbox still holds) and <c>baton sync push</c> (one delivery pass now).</summary>
public static class SyncCommands
{
    public static Command Create()
    {
        var command = new Command("sync", "Run sync: finished runs delivered to sync.url from a durable outbox (baton serve delivers them as they finish)");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Push());
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Runs waiting to be delivered: attempts, last error, next attempt");
        Verb.WithApp(command, async (app, _, ui, ct) =>
        {
            var pending = await app.Store.PendingSyncsAsync(ct);
            ui.Result(pending, static j => j.IReadOnlyListSyncItem, u => Print(u, app, pending));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Push()
    {
        var command = new Command("push", "Deliver every due run now (one pass), then say what is still pending");
        Verb.WithApp(command, async (app, _, ui, ct) =>
        {
            var sync = app.Config.Sync ?? throw new UserErrorException("baton.yaml has no sync: section; add `sync: { url: https://…, token_env: BATON_SYNC_TOKEN }`");
            using var http = new HttpClient();
            var delivered = await SyncWiring.Create(app, sync, http, ui.Progress).PassAsync(ct);
            var pending = await app.Store.PendingSyncsAsync(ct);
            ui.Result(pending, static j => j.IReadOnlyListSyncItem, u =>
            {
                u.Line($"{delivered} run(s) delivered to {sync.Url.GetLeftPart(UriPartial.Path)}");
                Print(u, app, pending);
            });
            return pending.Any(p => p.Attempts > 0) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static void Print(Ui u, BatonApp app, IReadOnlyList<SyncItem> pending)
    {
        if (app.Config.Sync is null)
        {
            u.Line("sync is off (no sync: section in baton.yaml)");
        }

        if (pending.Count == 0)
        {
            u.Line("nothing pending: every finished run was delivered");
            return;
        }

        u.Line($"{pending.Count} run(s) pending:");
        foreach (var item in pending)
        {
            var tried = item.Attempts == 0 ? "not tried yet" : $"{item.Attempts} attempt(s), last: {item.LastError}";
            u.Line($"  {item.RunId}  {tried}; next at {item.NextAttemptAt:u}");
        }
    }
}
