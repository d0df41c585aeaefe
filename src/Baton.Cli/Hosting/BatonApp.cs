using Baton.Config;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Engine.Application;
using Baton.Engine.Execution;
using Baton.Engine.Feed;
using Baton.Files.Logging;
using Baton.Store.Postgres;
using Baton.Store.Sqlite;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Hosting;

/// <summary>
/// The composition root: loads and checks the configuration, opens the store and wires the engine's ports to their
/// adapters. Every verb that touches state starts here.
/// </summary>
public sealed class BatonApp : IAsyncDisposable
{
    private BatonApp(EngineServices services, string? configPath)
    {
        Services = services;
        ConfigPath = configPath;
        Desk = new TaskDesk(services);
        Feed = new EventFeed(services.Store, services.Time);
    }

    public EngineServices Services { get; }

    /// <summary>The application layer every verb (and the Matrix bridge) calls.</summary>
    public TaskDesk Desk { get; }

    /// <summary>The event feed every live view reads.</summary>
    public EventFeed Feed { get; }

    /// <summary>Who is asking, from the command line: the OS user.</summary>
    public static Actor Actor { get; } = Actor.Cli(Environment.UserName);

    public string? ConfigPath { get; }

    public BatonConfig Config => Services.Config;

    public IBatonStore Store => Services.Store;

    public static ConfigLoadResult LoadConfig(string? explicitPath, string cwd)
    {
        return ConfigLoader.Load(explicitPath, cwd, RepoDetector.DetectWhenNeeded(cwd));
    }

    /// <summary>Loads the config (refusing a bad one with every problem listed), opens the store, wires the engine.</summary>
    public static async Task<BatonApp> OpenAsync(string? explicitPath, CancellationToken ct, bool oneShot = false)
    {
        var cwd = Directory.GetCurrentDirectory();
        var loaded = LoadConfig(explicitPath, cwd);
        if (loaded.Errors.Count > 0)
        {
            throw new UserErrorException(
                $"{loaded.Path ?? "the configuration"} has {loaded.Errors.Count} problem(s); nothing was run",
                loaded.Errors.Select(e => e.ToString()).ToList());
        }

        var config = loaded.Config;
        var stateDir = Path.GetFullPath(config.StateDir, loaded.BaseDirectory);
        var logs = OpenLogs(stateDir);
        IBatonStore store;
        try
        {
            store = await OpenStoreAsync(config, stateDir, logs, ct);
        }
        catch
        {
            logs.Dispose();
            throw;
        }

        var clock = await ClockOfAsync(config, store, logs, ct);
        var services = EngineWiring.Create(config, loaded.BaseDirectory, stateDir, store, clock, logs) with { MakeSpares = !oneShot, Clock = clock };
        return new BatonApp(services, loaded.Path);
    }

    /// <summary>On a shared store, this machine's clock set to the store's (see <see cref="StoreClock"/>); null on the embedded one.</summary>
    private static async Task<StoreClock?> ClockOfAsync(BatonConfig config, IBatonStore store, ILoggerFactory logs, CancellationToken ct)
    {
        if (config.Store == "sqlite")
        {
            return null;
        }

        var clock = new StoreClock(TimeProvider.System, logs.CreateLogger("Baton.Engine"));
        try
        {
            await clock.SyncAsync(store, ct);
        }
        catch (StoreException ex)
        {
            await store.DisposeAsync();
            logs.Dispose();
            throw new UserErrorException(ex.Message, exitCode: ExitCodes.Internal);
        }

        return clock;
    }

    /// <summary>
    /// The log file, <c>&lt;state_dir&gt;/logs/baton.log</c>, rotated at 10 MB (five kept). It is created by the first
    /// entry: verbs that only read (status, logs) write none; those that run work (run, start, resume, drain, serve)
    /// log their start, each run's start and end, and every failure with its whole exception.
    /// </summary>
    private static ILoggerFactory OpenLogs(string stateDir) =>
        new FileLoggerProvider(Path.Combine(stateDir, "logs")).AsFactory(LogLevel.Information);

    /// <summary>A logger for the command line's own entries.</summary>
    public ILogger Log => Services.Logs.CreateLogger(CliLog.Category);

    /// <summary>
    /// The embedded SQLite file under the state directory, or the shared PostgreSQL database <c>store:</c> names (run
    /// files, logs and workspaces stay under the state directory either way).
    /// </summary>
    private static async Task<IBatonStore> OpenStoreAsync(BatonConfig config, string stateDir, ILoggerFactory logs, CancellationToken ct)
    {
        try
        {
            StateDirectory.Ensure(stateDir);
            if (config.Store == "sqlite")
            {
                return await SqliteStore.OpenAsync(Path.Combine(stateDir, "baton.db"), TimeProvider.System, ct);
            }

            var url = PostgresUrl.Parse(config.Store, StorePassword(config));
            return await PostgresStore.OpenAsync(url.ConnectionString, url.Where, TimeProvider.System, ct, logs.CreateLogger("Baton.Store"));
        }
        catch (FormatException ex)
        {
            throw new UserErrorException(ex.Message, exitCode: ExitCodes.BadInput);
        }
        catch (StoreException ex)
        {
            throw new UserErrorException(ex.Message, exitCode: ExitCodes.Internal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException(
                $"cannot use state directory {stateDir}: {ex.Message}; check its permissions and free disk space, or set `state_dir:` in baton.yaml",
                exitCode: ExitCodes.Internal);
        }
    }

    /// <summary>The password from the variable <c>store_password_env</c> names; null when the key is absent.</summary>
    private static string? StorePassword(BatonConfig config)
    {
        if (config.StorePasswordEnv is not { } name)
        {
            return null;
        }

        return Environment.GetEnvironmentVariable(name) is { Length: > 0 } password
            ? password
            : throw new UserErrorException(
                $"store_password_env names {name}, which is not set: export {name} with the store's password, or remove the key",
                exitCode: ExitCodes.BadInput);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.Workspaces.DisposeAsync();
        await Store.DisposeAsync();
        Services.Logs.Dispose();
    }
}
