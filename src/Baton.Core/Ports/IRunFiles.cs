using System.Text.Json.Serialization.Metadata;
using Baton.Core.Events;

namespace Baton.Core.Ports;

/// <summary>
/// The readable mirror of one run under <c>runs/&lt;task&gt;/&lt;run&gt;/</c>: manifest, event log, stage logs, result.
/// JSON files are replaced atomically (temp file, fsync, rename).
/// </summary>
public interface IRunFiles : IAsyncDisposable
{
    string Directory { get; }

    Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct);

    /// <summary>Replaces <c>manifest.json</c>; <paramref name="type"/> is the document's source-generated JSON contract.</summary>
    Task WriteManifestAsync<T>(T manifest, JsonTypeInfo<T> type, CancellationToken ct);

    /// <summary>Replaces <c>result.json</c>.</summary>
    Task WriteResultAsync<T>(T result, JsonTypeInfo<T> type, CancellationToken ct);

    /// <summary>A writer for <c>logs/&lt;stage&gt;.log</c>, appending.</summary>
    TextWriter OpenLog(string stage);

    /// <summary>Writes a prompt to a file outside the workspace and returns its path.</summary>
    Task<string> WritePromptAsync(string name, string text, CancellationToken ct);
}
