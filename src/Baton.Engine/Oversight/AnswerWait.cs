using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Engine.Execution;
using Baton.Engine.Feed;

namespace Baton.Engine.Oversight;

/// <summary>
/// A foreground command's wait on its parked run: it follows the run's events (showing the answer when it comes) until
/// the run may go on — every question answered and nobody holding it — or has ended (denied, stopped). No process and
/// no slot is held meanwhile; whoever takes the run first continues it.
/// </summary>
public sealed class AnswerWait(EngineServices services)
{
    private static readonly TimeSpan ReleasePoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns the run once it can go on or has ended; throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> ends the wait.</summary>
    public async Task<RunRecord> UntilAnsweredAsync(string runId, IRunObserver? observer, CancellationToken ct)
    {
        var from = await services.Store.LastPositionAsync(ct);
        if (await SettledAsync(runId, ct) is { } ready)
        {
            return ready;
        }

        var feed = new EventFeed(services.Store, services.Time);
        await foreach (var e in feed.ReadAsync(new FeedQuery(from, RunId: runId), follow: true, ct))
        {
            observer?.OnEvent(e);
            if (e.Type is EventType.ApprovalAnswered or EventType.RunFinished && await SettledAsync(runId, ct) is { } run)
            {
                return run;
            }
        }

        throw new OperationCanceledException(ct);
    }

    /// <summary>Follows a run another process continues, showing its events, until it ends or parks again.</summary>
    public async Task<RunRecord> UntilSettledElsewhereAsync(string runId, IRunObserver? observer, CancellationToken ct)
    {
        var from = await services.Store.LastPositionAsync(ct);
        var feed = new EventFeed(services.Store, services.Time);
        await foreach (var e in feed.ReadAsync(new FeedQuery(from, RunId: runId), follow: true, ct))
        {
            observer?.OnEvent(e);
            if (e.Type is EventType.RunFinished or EventType.ApprovalRequested or EventType.RunState)
            {
                var run = await services.Store.GetRunAsync(runId, ct) ?? throw new InvalidOperationException($"run {runId} is gone");
                if (run.State.IsTerminal() || run.State is RunState.NeedsInput or RunState.Interrupted)
                {
                    return run;
                }
            }
        }

        throw new OperationCanceledException(ct);
    }

    /// <summary>
    /// The run, once it has ended or has nothing left to ask and nobody holds it; null while a question waits. An answerer
    /// writes its event while it holds the run and lets go just after: that short hold is waited out here.
    /// </summary>
    private async Task<RunRecord?> SettledAsync(string runId, CancellationToken ct)
    {
        while (true)
        {
            var run = await services.Store.GetRunAsync(runId, ct) ?? throw new InvalidOperationException($"run {runId} is gone");
            if (run.State != RunState.NeedsInput)
            {
                return run;
            }

            if ((await services.Store.ListApprovalsAsync(runId, ct)).Any(a => a.IsPending))
            {
                return null;
            }

            if (run.Owner is null)
            {
                return run;
            }

            // An answerer that died while it held the run leaves it to recovery, which lets go of it.
            await new Recovery.RunRecovery(services).RecoverAsync(ct);
            await Task.Delay(ReleasePoll, services.Time, ct);
        }
    }
}
