using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Engine.Logging;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Execution;

/// <summary>
/// A run's files with its last manifest and its result also kept in the shared store when the files close, under the
/// run's epoch (a node that lost the run stores nothing), so any node can sync the run — the node that ran it may be
/// gone by then. Failing to store them never fails the run.
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

    public Task WriteResultAsync<T>(T result, JsonTypeInfo<T> type, CancellationToken ct)
    {
        Volatile.Write(ref _result, JsonSerializer.Serialize(result, type));
        return files.WriteResultAsync(result, type, ct);
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
            // Only a run that reached its result is synced; an interrupted one keeps nothing here (its next run writes).
            if (Volatile.Read(ref _result) is { } result)
            {
                await StoreAsync(Result, result);
                if (Volatile.Read(ref _manifest) is { } manifest)
                {
                    await StoreAsync(Manifest, manifest);
                }
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
