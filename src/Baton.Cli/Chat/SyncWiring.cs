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
}
