using Baton.Bench.Infra;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Store.Sqlite;

namespace Baton.Bench.Artifacts;

/// <summary>Reads a benchmark repo's store (<c>.baton/baton.db</c>) through Baton's own <see cref="SqliteStore"/>, after Baton has exited.</summary>
internal sealed class StoreReader : IAsyncDisposable
{
    private const int Page = 5000;
    private readonly SqliteStore _store;

    private StoreReader(SqliteStore store) => _store = store;

    public static async Task<StoreReader> OpenAsync(BenchRepo repo, CancellationToken ct) =>
        new(await SqliteStore.OpenAsync(repo.DatabasePath, TimeProvider.System, ct));

    public Task<IReadOnlyList<TaskItem>> TasksAsync(CancellationToken ct) => _store.ListTasksAsync(new TaskQuery(null, 1_000_000), ct);

    public Task<IReadOnlyList<RunRecord>> RunsAsync(CancellationToken ct) => _store.ListRunsAsync(1_000_000, ct);

    /// <summary>Every event of a run, in seq order, paged.</summary>
    public async Task<List<EventLine>> EventsAsync(string runId, CancellationToken ct)
    {
        var all = new List<EventLine>();
        long after = 0;
        while (true)
        {
            var page = await _store.ReadEventsAsync(runId, after, Page, ct);
            foreach (var e in page)
            {
                var text = e.Data switch { AgentMessageData m => m.Text, AgentReasoningData r => r.Text, _ => null };
                all.Add(new EventLine(e.Seq, Clock.UnixNs(e.Ts), e.Type.Name(), e.Stage, text));
            }

            if (page.Count < Page)
            {
                return all;
            }

            after = page[^1].Seq;
        }
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
