using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Execution;

/// <summary>
/// A run's files with its manifest and result also kept in the shared store, under the run's epoch (a node that lost
/// the run stores nothing), so any node can sync the run — the node that ran it may be gone by then. Both are stored
/// when the result is written (before the run's <c>run.finished</c>, which a syncing node acts on), and the manifest
/// again when the files close (its last version). Failing to store them never fails the run.
/// </summary>
public sealed class StoredRunDocuments(IRunFiles files, IRunStore store, string runId, long fence, ILogger log) : IRunFiles
{
    public const string Manifest = "manifest";
    public const string Result = "result";

    private string? _manifest;
    private string? _result;

    public string Directory => files.Directory;

    public Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct) => files.AppendEventsAsync(events, ct);

    public Task WriteManifestAsync<T>(T manifest, JsonTypeInfo<T> type, CancellationToken ct)
    {
        Volatile.Write(ref _manifest, JsonSerializer.Serialize(manifest, type));
        return files.WriteManifestAsync(manifest, type, ct);
    }

    public async Task WriteResultAsync<T>(T result, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(result, type);
        Volatile.Write(ref _result, json);
        await files.WriteResultAsync(result, type, ct);
        if (Volatile.Read(ref _manifest) is { } manifest)
        {
            await StoreAsync(Manifest, manifest);
        }

        await StoreAsync(Result, json);
    }

    public Task<string> WritePromptAsync(string name, string text, CancellationToken ct) => files.WritePromptAsync(name, text, ct);

    public TextWriter OpenLog(string stage) => files.OpenLog(stage);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await files.DisposeAsync();
        }
        finally
        {
            // Only a run that reached its result is synced; the manifest written after it is its last word.
            if (Volatile.Read(ref _result) is not null && Volatile.Read(ref _manifest) is { } manifest)
            {
                await StoreAsync(Manifest, manifest);
            }
        }
    }

    private async Task StoreAsync(string name, string json)
    {
        try
        {
            await store.SaveRunDocumentAsync(runId, name, json, fence, CancellationToken.None);
        }
        catch (StoreException ex) when (ex.Category == StoreErrorCategory.Fenced)
        {
            // Another node holds the run now: its own files are the run's.
        }
        catch (Exception ex) when (ex is StoreException or InvalidOperationException or IOException)
        {
            EngineLog.RunDocumentCopyFailed(log, runId, name, ex);
        }
    }
}
