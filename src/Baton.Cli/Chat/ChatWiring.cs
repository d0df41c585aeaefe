using Baton.Cli.Hosting;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Matrix.Bridge;
using Baton.Matrix.Client;
using Baton.Matrix.Rooms;

namespace Baton.Cli.Chat;

/// <summary>Builds the Matrix side of Baton from <c>matrix:</c>: the client (secret from the environment), the hierarchy, the bridge.</summary>
public static class ChatWiring
{
    public static MatrixClient Client(MatrixConfig matrix, RetryPolicy? retry = null)
    {
        var secret = Secret(matrix);
        return new MatrixClient(matrix.Homeserver, new MatrixLogin
        {
            UserId = matrix.UserId,
            DeviceId = matrix.DeviceId,
            AccessToken = matrix.AccessTokenEnv is null ? null : new AgentSecret(secret),
            Password = matrix.PasswordEnv is null ? null : new AgentSecret(secret),
        }, retry);
    }

    /// <summary>The bot's access token or password from the variable <c>matrix:</c> names; refused at once when unset.</summary>
    public static string Secret(MatrixConfig matrix)
    {
        var variable = matrix.AccessTokenEnv ?? matrix.PasswordEnv!;
        var secret = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(secret)
            ? throw new UserErrorException(
                $"matrix: the environment variable {variable} is not set; export the bot's {(matrix.AccessTokenEnv is null ? "password" : "access token")} in it")
            : secret;
    }

    public static Hierarchy Hierarchy(BatonApp app, MatrixClient client) =>
        new(client, app.Store, app.Config.Matrix!, app.Config.Projects.Select(p => p.Key).ToList(), app.Services.Time);

    /// <summary>The app's desk, telling this process's queue worker when chat queued something.</summary>
    private static Baton.Engine.Application.TaskDesk Desk(BatonApp app, Action wakeQueue)
    {
        app.Desk.Wake = wakeQueue;
        return app.Desk;
    }

    /// <summary>Connects a new client and bridge, runs them until <paramref name="ct"/> is cancelled, then lets both go.</summary>
    public static async Task RunBridgeAsync(BatonApp app, Action wakeQueue, Action<string> log, CancellationToken ct)
    {
        var matrix = app.Config.Matrix ?? throw new UserErrorException("baton.yaml has no matrix: section");
        using var client = Client(matrix);
        using var bridge = Bridge(app, matrix, client, wakeQueue, log);
        await bridge.RunAsync(ct);
    }

    private static MatrixBridge Bridge(BatonApp app, MatrixConfig matrix, MatrixClient client, Action wakeQueue, Action<string> log)
    {
        var hierarchy = Hierarchy(app, client);
        return new MatrixBridge(client, app.Store, matrix, Desk(app, wakeQueue), new TaskRoomOpener(client, matrix, hierarchy),
            async c =>
            {
                foreach (var change in await hierarchy.ReconcileAsync(c))
                {
                    log($"matrix: {change}");
                }
            },
            app.Services.Time, log, app.Services.Logs.CreateLogger("Baton.Matrix"));
    }
}
