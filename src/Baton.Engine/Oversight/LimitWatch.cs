using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Engine.Execution;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Oversight;

/// <summary>
/// Holds a run's <c>policy.limits</c> (memory, CPU, processes) on its whole process tree: a control group made when
/// the run starts (each process of the run is put in it at its start gate, so its children are too), watched while the
/// run lives, removed when it ends. A limit gone over — the kernel's memory killer acted, or a fork was refused — is a
/// <c>limit.exceeded</c> event and ends the run <c>limit_exceeded</c>. Where no group can be made the limits are not
/// enforced: the log says so for each run, and <c>baton doctor</c> says it plainly.
/// </summary>
public sealed class LimitWatch : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);
    private readonly RunContext _ctx;
    private readonly IRunLimits? _limits;
    private readonly ILogger _log;
    private readonly PeriodicTimer? _timer;
    private readonly Task _loop = Task.CompletedTask;
    private readonly Lock _gate = new();
    private bool _breached;

    private LimitWatch(EngineServices services, RunContext ctx)
    {
        _ctx = ctx;
        _log = services.Logs.CreateLogger(EngineLog.Category);
        var wanted = services.Config.Policy.Limits;
        if (!wanted.Any)
        {
            return;
        }

        _limits = services.ProcessControl.CreateLimits(ctx.Run.Id, wanted, out var why);
        if (_limits is null)
        {
            EngineLog.LimitsUnenforced(_log, ctx.Run.Id, why ?? "no control groups here");
            return;
        }

        ctx.Limits = _limits;
        ctx.LimitWatch = this;
        _timer = new PeriodicTimer(Every, services.Time);
        _loop = LoopAsync();
    }

    public static LimitWatch Start(EngineServices services, RunContext ctx) => new(services, ctx);

    private async Task LoopAsync()
    {
        while (await _timer!.WaitForNextTickAsync() && !Check())
        {
        }
    }

    /// <summary>
    /// Looks at the group's counters; on a breach writes <c>limit.exceeded</c> once and cancels the run. Also called as
    /// each process of the run exits, so a process the kernel killed is judged by its limit, not as a plain failure.
    /// </summary>
    public bool Check()
    {
        lock (_gate)
        {
            if (_breached || _limits is null)
            {
                return _breached;
            }

            LimitBreach? breach;
            try
            {
                breach = _limits.Breach();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                EngineLog.LimitsUnreadable(_log, _ctx.Run.Id, ex);
                return false;
            }

            if (breach is null)
            {
                return false;
            }

            _breached = true;
            _ctx.Journal.Emit(_ctx.Run.CurrentStage, new LimitExceededData { Limit = breach.Limit, Detail = breach.Detail });
            _ctx.Cancellation.Cancel(CancelCause.Limit, breach.Detail);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        await _loop;
        _ctx.Limits = null;
        _ctx.LimitWatch = null;
        _limits?.Dispose();
    }
}
