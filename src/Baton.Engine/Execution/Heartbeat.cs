using Baton.Core.Events;
using Baton.Core.Events.Data;

namespace Baton.Engine.Execution;

/// <summary>
/// Keeps a run's heartbeat fresh in the store and notices a stop asked for by another process (<c>baton stop</c>).
/// A <c>run.heartbeat</c> event is written every 30 s so the event log alone shows the run was alive.
/// </summary>
public sealed class Heartbeat : IDisposable
{
    private static readonly TimeSpan EventEvery = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly EngineServices _services;
    private readonly RunContext _ctx;
    private DateTimeOffset _lastEvent;

    private Heartbeat(EngineServices services, RunContext ctx)
    {
        _services = services;
        _ctx = ctx;
        _lastEvent = services.Time.GetUtcNow();
        _ = LoopAsync();
    }

    public static Heartbeat Start(EngineServices services, RunContext ctx) => new(services, ctx);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_services.HeartbeatInterval, _services.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await BeatAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A missed heartbeat is not fatal; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task BeatAsync()
    {
        var now = _services.Time.GetUtcNow();
        var beat = await _services.Store.HeartbeatAsync(_ctx.Run.Id, _ctx.Run.Epoch, now, _stop.Token);
        if (beat.StopRequested)
        {
            _ctx.Cancellation.Cancel(CancelCause.Stop);
        }

        if (now - _lastEvent >= EventEvery)
        {
            _lastEvent = now;
            _ctx.Journal.Emit(null, new RunHeartbeatData { Stage = _ctx.Run.CurrentStage });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
