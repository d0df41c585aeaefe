using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Reviews;
using Baton.Engine.Execution;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Oversight;

/// <summary>
/// Seed 002's fallback review trigger: an agent stage that has said nothing (no agent event) for
/// <c>policy.stall_review_after</c> has its work so far judged by the pipeline's reviewers while the agent goes on.
/// Their verdicts and the decision are recorded (stage <c>stall-review-N</c>); a blocker stops the turn and parks the
/// run for a person (approve or answer: the stage runs again; deny: the task ends escalated). Otherwise the watch looks
/// again after another quiet period.
/// </summary>
public sealed class StallWatch : IAsyncDisposable
{
    private readonly EngineServices _services;
    private readonly RunContext _ctx;
    private readonly StageConfig? _reviewers;
    private readonly TimeSpan _after;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop = Task.CompletedTask;
    private readonly Lock _gate = new();
    private string? _stage;
    private DateTimeOffset _last;

    private StallWatch(EngineServices services, RunContext ctx)
    {
        _services = services;
        _ctx = ctx;
        _log = services.Logs.CreateLogger(EngineLog.Category);
        _reviewers = ctx.Plan.Stages.FirstOrDefault(s => s.Config.Kind == StageKind.Review)?.Config;
        if (services.Config.Policy.StallReviewAfter is not { } after || _reviewers is null)
        {
            return;
        }

        _after = after;
        _last = services.Time.GetUtcNow();
        ctx.Journal.Emitted += Seen;
        _loop = LoopAsync();
    }

    public static StallWatch Start(EngineServices services, RunContext ctx) => new(services, ctx);

    /// <summary>Called under the journal's lock for every event: only notes which agent stage runs and when its agent last spoke.</summary>
    private void Seen(RunEvent e)
    {
        lock (_gate)
        {
            switch (e.Data)
            {
                case StageStartedData { Kind: "agent" }:
                    (_stage, _last) = (e.Stage, e.Ts);
                    break;
                case StageFinishedData when e.Stage == _stage:
                    _stage = null;
                    break;
                default:
                    if (e.Stage is not null && e.Stage == _stage && e.Type.Name().StartsWith("agent.", StringComparison.Ordinal))
                    {
                        _last = e.Ts;
                    }

                    break;
            }
        }
    }

    private async Task LoopAsync()
    {
        var every = TimeSpan.FromTicks(Math.Clamp(_after.Ticks / 8, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(every, _services.Time);
        while (await Tick(timer))
        {
            string? stalled;
            lock (_gate)
            {
                stalled = _stage is not null && _services.Time.GetUtcNow() - _last >= _after ? _stage : null;
            }

            if (stalled is not null && !await ReviewAsync(stalled))
            {
                return;
            }
        }
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Asks the reviewers about a quiet stage; false once the run is parked (the watch's work is done).</summary>
    private async Task<bool> ReviewAsync(string stalled)
    {
        try
        {
            var earlier = (await _services.Store.ListVerdictsAsync(_ctx.Run.Id, CancellationToken.None))
                .Select(v => v.Stage).Where(s => s.StartsWith("stall-review-", StringComparison.Ordinal)).Distinct().Count();
            var id = $"stall-review-{earlier + 1}";
            var quiet = Core.Text.Durations.Format(_after);
            var stage = new PlannedStage(id, _reviewers! with
            {
                Id = id,
                Prompt = $"The agent of stage `{stalled}` has been silent for {quiet} and is still running. Judge the work so far: "
                    + "approved if it looks on track, concerns if you are unsure, blocker if it is stuck or going wrong and a person should stop it.",
            });
            var verdicts = await new ReviewStage(_services).AdviseAsync(_ctx, stage, Actor.Baton);
            var (decision, reason) = ReviewRules.Decide(verdicts, stage.Config.PauseAt, sendBack: false, attemptsLeft: false);
            if (decision == ReviewDecision.Escalate && _services.Config.Policy.Approval != ApprovalPolicy.Never)
            {
                var escalation = await RecoveryEscalation.ReadAsync(_services, _ctx, stalled);
                _ctx.PendingPark = escalation.Park(_ctx, StageAgent(stalled), $"silent for {quiet}, and its reviewers say: {reason}");
                _ctx.Cancellation.Cancel(CancelCause.Park, reason);
                return false;
            }
        }
        catch (OperationCanceledException) when (_ctx.Token.IsCancellationRequested || _stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EngineLog.StallReviewFailed(_log, _ctx.Run.Id, stalled, ex);
        }

        lock (_gate)
        {
            _last = _services.Time.GetUtcNow();
        }

        return true;
    }

    private string StageAgent(string stage) => _ctx.AgentStages.TryGetValue(stage, out var info) ? info.Agent : stage;

    /// <summary>
    /// Stops watching. A review still asking when the run ends is ended with it: its reviewers' turns use the run's
    /// token, which is cancelled here (the run's outcome is already written), so nothing outlives the run.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _ctx.Journal.Emitted -= Seen;
        await _stop.CancelAsync();
        if (!_loop.IsCompleted)
        {
            _ctx.Cancellation.Cancel(CancelCause.Interrupt);
        }

        await _loop;
        _stop.Dispose();
    }
}
