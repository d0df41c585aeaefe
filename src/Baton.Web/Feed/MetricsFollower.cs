using Baton.Core.Events;
using Baton.Core.Metrics;
using Baton.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Feed;

/// <summary>
/// Keeps <see cref="MetricsFold"/> current for <c>/metrics</c>: the whole feed replayed once, then every new event
/// from the hub (each once, in position order). Cut off for falling behind, it subscribes again and replays the gap.
/// </summary>
internal sealed class MetricsFollower(FeedHub hub, IEventFeed feed, ILogger log) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public MetricsFold Metrics { get; } = new();

    public void Start() => _loop = Task.Run(() => FollowAsync(_stop.Token), CancellationToken.None);

    private async Task FollowAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var live = hub.Subscribe();
                await foreach (var e in feed.ReadAsync(new FeedQuery(Metrics.Position), follow: false, ct))
                {
                    Metrics.Apply(e);
                }

                await foreach (var frame in live.Events.ReadAllAsync(ct))
                {
                    if (frame.Position > Metrics.Position)
                    {
                        Metrics.Apply(frame.Event);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WebLog.MetricsFailed(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }
}
