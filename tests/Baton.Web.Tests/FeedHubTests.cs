using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;
using Baton.Web.Feed;

namespace Baton.Web.Tests;

/// <summary>The hub that fans the feed out to live clients: a client that stops reading is cut off; the others get every event.</summary>
public sealed class FeedHubTests
{
    /// <summary>A feed whose live events are written by the test.</summary>
    private sealed class ScriptedFeed : IEventFeed, IEventStore
    {
        public Channel<RunEvent> Live { get; } = Channel.CreateUnbounded<RunEvent>();

        public async IAsyncEnumerable<RunEvent> ReadAsync(FeedQuery query, bool follow, [EnumeratorCancellation] CancellationToken ct)
        {
            if (!follow)
            {
                yield break;
            }

            await foreach (var e in Live.Reader.ReadAllAsync(ct))
            {
                yield return e;
            }
        }

        public Task<long> LastPositionAsync(CancellationToken ct) => Task.FromResult(0L);

        public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, Core.Model.StageRecord stage, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct) => throw new NotSupportedException();

        public Task<long> LastSeqAsync(string runId, CancellationToken ct) => throw new NotSupportedException();

        public Task<int> PruneRunEventsAsync(DateTimeOffset finishedBefore, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<RunEvent>> ReadFeedAsync(FeedQuery query, int limit, CancellationToken ct) => throw new NotSupportedException();

        public Task<long> ChangeStampAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task? ChangeSignal() => null;
    }

    private static RunEvent Event(long position) => new()
    {
        Position = position,
        Ts = DateTimeOffset.UnixEpoch,
        TaskId = "t",
        RunId = "r",
        Seq = position,
        Data = new AgentMessageData { Text = $"{position}" },
    };

    [Fact]
    public async Task A_client_that_stops_reading_is_cut_off_and_never_holds_up_the_others()
    {
        var feed = new ScriptedFeed();
        await using var hub = new FeedHub(feed, feed, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, buffer: 10);
        await hub.StartAsync(default);
        using var stuck = hub.Subscribe();
        using var reader = hub.Subscribe();
        var got = new List<long>();
        using var arrived = new SemaphoreSlim(0);
        var reading = Task.Run(async () =>
        {
            await foreach (var frame in reader.Events.ReadAllAsync())
            {
                got.Add(frame.Position);
                arrived.Release();
                if (frame.Position == 100)
                {
                    return;
                }
            }
        });

        // The reader keeps up (each event is read before the next is written); `stuck` never reads.
        for (var i = 1; i <= 100; i++)
        {
            await feed.Live.Writer.WriteAsync(Event(i));
            (await arrived.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue($"event {i} did not reach the reading client");
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        got.ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
        stuck.Overflowed.ShouldBeTrue();
        hub.Subscribers.ShouldBe(1);
        stuck.Events.Completion.IsCompleted.ShouldBeFalse("its buffered events are still readable");
        var buffered = 0;
        while (stuck.Events.TryRead(out _))
        {
            buffered++;
        }

        buffered.ShouldBe(10);
        await stuck.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
