using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;
using Baton.Engine.Execution;
using Baton.Engine.Journal;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Sync;

/// <summary>
/// Run sync (seed 003's cloud sync): every run that finishes — in any process on the store — is put in the durable
/// outbox (found in the feed by its <c>run.finished</c>, from a cursor kept in the store), and each is POSTed to
/// <c>sync.url</c> as <c>{run_id, task_id, manifest, result}</c> with <c>Idempotency-Key: &lt;run id&gt;</c> until the receiver
/// answers 2xx; a failure waits <c>retry_delay</c>, doubled each time up to <c>max_delay</c>, across restarts. Every
/// attempt is a <c>sync.attempt</c> event of the run. Delivery is at least once: the key lets the receiver keep one.
/// On a shared store every node works the outbox (each item taken by one node per attempt), and a run finished on
/// another node is sent from the copies of its manifest and result the store keeps.
/// </summary>
public sealed class RunSync(EngineServices services, IEventFeed feed, SyncConfig config, HttpClient http, string? token, Action<string>? progress = null)
{
    private readonly ILogger _log = services.Logs.CreateLogger("Baton.Sync");

    public const string CursorKey = "sync.cursor";
    private const int Batch = 20;

    /// <summary>How much longer than one attempt's timeout a node's claim on an outbox item lasts.</summary>
    private static readonly TimeSpan ClaimSlack = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await PassAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                EngineLog.SyncPassFailed(_log, ex);
                progress?.Invoke($"sync: a pass failed; trying again: {ex.Message}");
            }

            await Task.Delay(PollInterval, services.Time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One pass: finished runs into the outbox, then every due delivery attempted once. Returns how many were delivered.</summary>
    public async Task<int> PassAsync(CancellationToken ct)
    {
        await EnqueueFinishedAsync(ct);
        var delivered = 0;
        foreach (var item in await services.Store.DueSyncsAsync(services.Time.GetUtcNow(), Batch, ct))
        {
            delivered += await DeliverAsync(item, ct) ? 1 : 0;
        }

        return delivered;
    }

    private async Task EnqueueFinishedAsync(CancellationToken ct)
    {
        var cursor = await services.Store.GetSettingAsync(CursorKey, ct);
        long after;
        if (cursor is null)
        {
            // Sync starts with the runs that finish from now on, not with the whole history.
            after = await services.Store.LastPositionAsync(ct);
        }
        else if (!long.TryParse(cursor, System.Globalization.CultureInfo.InvariantCulture, out after))
        {
            after = 0;
        }

        var start = after;
        await foreach (var e in feed.ReadAsync(new FeedQuery(after, TypePrefix: "run.finished"), follow: false, ct))
        {
            await services.Store.EnqueueSyncAsync(e.RunId!, e.Ts, ct);
            after = e.Position;
        }

        if (cursor is null || after != start)
        {
            await services.Store.SetSettingAsync(CursorKey, after.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
    }

    private async Task<bool> DeliverAsync(SyncItem item, CancellationToken ct)
    {
        // A deleted run leaves the outbox with it (the row cascades).
        if (await services.Store.GetRunAsync(item.RunId, ct) is not { } run)
        {
            return false;
        }

        // Every node on a shared store works the outbox: the one that takes the item attempts it; if it dies meanwhile,
        // the item is due again once the claim runs out.
        var now = services.Time.GetUtcNow();
        if (!await services.Store.ClaimSyncAsync(run.Id, now, now + config.Timeout + ClaimSlack, ct))
        {
            return false;
        }

        int? status = null;
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, config.Url) { Content = await BodyAsync(run.TaskId, run.Id, ct) };
            request.Headers.Add("Idempotency-Key", run.Id);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(config.Timeout);
            using var response = await http.SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}";
        }
        catch (HttpRequestException ex)
        {
            error = $"cannot reach {config.Url}: {ex.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"no answer within {config.Timeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            error = $"cannot read the run's manifest or result: {ex.Message}";
            EngineLog.SyncRunUnreadable(_log, item.RunId, ex);
        }

        var at = services.Time.GetUtcNow();
        var attempt = item.Attempts + 1;
        DateTimeOffset? next = error is null ? null : at + Backoff(attempt);
        await services.Store.RecordSyncAttemptAsync(run.Id, at, error, next, ct);
        await using (var files = services.Files.Open(run.TaskId, run.Id))
        {
            await using var journal = await RunJournal.OpenAsync(run.TaskId, run.Id, services.Store, files, services.Time, ct);
            journal.Emit(null, new SyncAttemptData
            {
                Attempt = attempt,
                Url = config.Url.GetLeftPart(UriPartial.Path),
                Status = status,
                Delivered = error is null,
                Error = error,
                NextAttemptAt = next,
            });
        }

        if (error is not null)
        {
            EngineLog.SyncAttemptFailed(_log, run.Id, attempt, error, next);
            progress?.Invoke($"sync: run {run.Id}, attempt {attempt}: {error}; next attempt at {next:u}");
        }

        return error is null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = config.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        return delay > config.MaxDelay ? config.MaxDelay : delay;
    }

    /// <summary><c>{run_id, task_id, manifest, result}</c>, the files as written (null when a run left none).</summary>
    private async Task<HttpContent> BodyAsync(string taskId, string runId, CancellationToken ct)
    {
        var dir = Path.Combine(services.StateDir, "runs", taskId, runId);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("run_id", runId);
            writer.WriteString("task_id", taskId);
            foreach (var name in new[] { "manifest", "result" })
            {
                writer.WritePropertyName(name);
                var path = Path.Combine(dir, $"{name}.json");
                // The node that ran it has the files; any other reads the copy a shared store keeps.
                var json = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : await services.Store.ReadRunDocumentAsync(runId, name, ct);
                if (json is not null)
                {
                    writer.WriteRawValue(json);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        return new StringContent(Encoding.UTF8.GetString(buffer.ToArray()), Encoding.UTF8, "application/json");
    }
}
