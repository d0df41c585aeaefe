using Baton.Cli.Hosting;
using Baton.Core.Config;
using Baton.Engine.Sync;

namespace Baton.Cli.Chat;

/// <summary>Builds run sync from <c>sync:</c>: the token read from the environment, one HTTP client.</summary>
public static class SyncWiring
{
    public static RunSync Create(BatonApp app, SyncConfig sync, HttpClient http, Action<string> progress)
    {
        string? token = null;
        if (sync.TokenEnv is { } variable && string.IsNullOrEmpty(token = Environment.GetEnvironmentVariable(variable)))
        {
            throw new UserErrorException($"sync.token_env: the environment variable {variable} is not set; export the receiver's token in it, or remove the key");
        }

        return new RunSync(app.Services, app.Feed, sync, http, token, progress);
    }

    /// <summary>
    /// Starts delivering finished runs in the background when <c>sync:</c> is configured (<c>serve</c>, <c>worker</c>:
    /// every node of a shared store works the outbox); disposing it stops the loop and waits for it. Null without <c>sync:</c>.
    /// </summary>
    public static Background? Start(BatonApp app, string verb, Action<string> progress, CancellationToken ct)
    {
        if (app.Config.Sync is not { } config)
        {
            return null;
        }

        var http = new HttpClient();
        try
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var loop = Create(app, config, http, progress).RunAsync(stop.Token);
            progress($"baton {verb}: finished runs are delivered to {config.Url.GetLeftPart(UriPartial.Path)}");
            return new Background(loop, stop, http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>The running sync loop.</summary>
    public sealed class Background(Task loop, CancellationTokenSource stop, HttpClient http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
            http.Dispose();
        }
    }
}
