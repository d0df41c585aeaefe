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

    Task WriteManifestAsync(object manifest, CancellationToken ct);

    Task WriteResultAsync(object result, CancellationToken ct);

    /// <summary>A writer for <c>logs/&lt;stage&gt;.log</c>, appending.</summary>
    TextWriter OpenLog(string stage);

    /// <summary>Writes a prompt to a file outside the workspace and returns its path.</summary>
    Task<string> WritePromptAsync(string name, string text, CancellationToken ct);
}
