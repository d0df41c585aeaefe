using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Execution;

/// <summary>
/// Keeps a run's heartbeat fresh in the store and notices a stop asked for by another process (<c>baton stop</c>).
/// A <c>run.heartbeat</c> event is written every 30 s so the event log alone shows the run was alive (never once the
/// run has ended: nothing follows its <c>run.finished</c>). On a shared store
/// the heartbeat is the node's lease, and this is its watchdog: when the store says another node holds the run, or the
/// heartbeat could not be renewed for a whole lease (cut off, or this process was stopped), the run is cancelled as
/// <see cref="CancelCause.LeaseLost"/> — its processes end and it writes nothing more.
/// </summary>
public sealed class Heartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly EngineServices _services;
    private readonly RunContext _ctx;
    private readonly ILogger _log;
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private DateTimeOffset _lastEvent;
    private DateTimeOffset _renewed;
    private bool _failing;

    private Heartbeat(EngineServices services, RunContext ctx)
    {
        _services = services;
        _ctx = ctx;
        _log = services.Logs.CreateLogger(EngineLog.Category);
        _lastEvent = services.Time.GetUtcNow();
        _renewed = _lastEvent;
        _timer = new PeriodicTimer(services.HeartbeatInterval, services.Time);
        _loop = LoopAsync();
    }

    public static Heartbeat Start(EngineServices services, RunContext ctx) => new(services, ctx);

    /// <remarks>
    /// The wait takes no token: disposing the timer ends it with <c>false</c>. A cancelled wait would throw an exception
    /// whose stack trace the timer renders as text at once — in the native build the first such rendering builds the
    /// method-name map, ~20 ms of CPU at the end of every one-shot run.
    /// </remarks>
    private async Task LoopAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync())
            {
                try
                {
                    await BeatAsync();
                    if (_failing)
                    {
                        _failing = false;
                        EngineLog.HeartbeatRecovered(_log, _ctx.Run.Id);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A missed heartbeat is not fatal; the next tick tries again. Logged once per streak.
                    if (!_failing)
                    {
                        _failing = true;
                        EngineLog.HeartbeatFailed(_log, _ctx.Run.Id, ex);
                    }

                    if (_services.Lease is { } lease && _services.Time.GetUtcNow() - _renewed > lease)
                    {
                        LoseLease($"the heartbeat could not be renewed for {lease.TotalSeconds:0.#} s");
                    }
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
        if (_services.Lease is { } lease && now - _renewed > lease)
        {
            // This process did not run for a whole lease (stopped, or starved): another node may hold the run by now.
            // Whatever the store says next, nothing this node wrote in between counts; it lets the run go.
            LoseLease($"no heartbeat for {(now - _renewed).TotalSeconds:0.#} s, longer than the {lease.TotalSeconds:0.#} s lease");
            return;
        }

        var beat = await _services.Store.HeartbeatAsync(_ctx.Run.Id, _ctx.Run.Epoch, now, _stop.Token);
        if (!beat.Owned)
        {
            LoseLease("another node took the run over");
            return;
        }

        _renewed = now;
        if (beat.StopRequested)
        {
            _ctx.Cancellation.Cancel(CancelCause.Stop);
        }

        if (now - _lastEvent >= _services.HeartbeatEventInterval)
        {
            _lastEvent = now;
            _ctx.Journal.EmitWhileRunning(null, new RunHeartbeatData { Stage = _ctx.Run.CurrentStage });
        }
    }

    private void LoseLease(string why)
    {
        if (_ctx.Cancellation.Cause == CancelCause.LeaseLost)
        {
            return;
        }

        EngineLog.LeaseLost(_log, _ctx.Run.Id, why);
        _ctx.Cancellation.Cancel(CancelCause.LeaseLost, why);
    }

    /// <summary>Stops the loop and waits for it: nothing of the run's heartbeat outlives the run.</summary>
    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
