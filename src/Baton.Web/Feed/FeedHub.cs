using System.Threading.Channels;
using Baton.Core.Events;
using Baton.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Feed;

/// <summary>
/// One follower of the whole feed for every live client of this process: each new event is serialized once (as its SSE
/// frame) and offered to every subscriber's bounded buffer without waiting, so a slow client never holds up the others or the engine. A client
/// whose buffer overflows is cut off (its stream ends); it reconnects with the last position it saw and replays the gap
/// from the store.
/// </summary>
internal sealed class FeedHub(IEventFeed feed, IEventStore store, ILogger log, int buffer = FeedHub.Buffer) : IAsyncDisposable
{
    public const int Buffer = 20_000;

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Starts following from the store's current last position.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var head = await store.LastPositionAsync(ct);
        _loop = Task.Run(() => FollowAsync(head, _stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// Every event the hub delivers from now on. Read the store after subscribing (replay) and skip what the replay
    /// already returned: an event is either in the store when the replay reads or delivered here after this call.
    /// </summary>
    public Subscription Subscribe()
    {
        var subscription = new Subscription(this, buffer);
        lock (_gate)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    private async Task FollowAsync(long after, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in feed.ReadAsync(new FeedQuery(after), follow: true, ct))
                {
                    after = e.Position;
                    Publish(new Frame(e));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WebLog.FeedFailed(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Publish(Frame e)
    {
        lock (_gate)
        {
            if (_subscribers.Count > 0)
            {
                _ = e.Bytes;   // encoded here, once, not by each client
            }

            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Offer(e))
                {
                    _subscribers.RemoveAt(i);
                }
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

        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                s.Complete();
            }

            _subscribers.Clear();
        }

        _stop.Dispose();
    }

    /// <summary>A client's buffer of live events; disposing it leaves the hub.</summary>
    internal sealed class Subscription(FeedHub hub, int buffer) : IDisposable
    {
        private readonly Channel<Frame> _events = Channel.CreateBounded<Frame>(
            new BoundedChannelOptions(buffer) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        public ChannelReader<Frame> Events => _events.Reader;

        /// <summary>True when the client fell so far behind that its buffer overflowed (its stream was ended).</summary>
        public bool Overflowed { get; private set; }

        internal bool Offer(Frame e)
        {
            if (_events.Writer.TryWrite(e))
            {
                return true;
            }

            Overflowed = true;
            _events.Writer.TryComplete();
            return false;
        }

        internal void Complete() => _events.Writer.TryComplete();

        public void Dispose()
        {
            hub.Remove(this);
            _events.Writer.TryComplete();
        }
    }
}
