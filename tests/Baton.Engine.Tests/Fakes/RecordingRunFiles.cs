using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Engine.Tests.Fakes;

/// <summary>A run-file mirror in memory: it keeps the event batches it was given and ignores everything else.</summary>
public sealed class RecordingRunFiles(EventWriteLog? log = null) : IRunFiles
{
    public const string SinkName = "files";

    private readonly Lock _gate = new();
    private readonly List<IReadOnlyList<RunEvent>> _batches = [];

    public string Directory => "/nonexistent/runs/t1/r1";

    public IReadOnlyList<IReadOnlyList<RunEvent>> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<RunEvent> Events => [.. Batches.SelectMany(b => b)];

    public Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        lock (_gate)
        {
            _batches.Add([.. events]);
        }

        log?.Add(SinkName, events);
        return Task.CompletedTask;
    }

    public Task WriteManifestAsync<T>(T manifest, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct) => Task.CompletedTask;

    public Task WriteResultAsync<T>(T result, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct) => Task.CompletedTask;

    public TextWriter OpenLog(string stage) => TextWriter.Null;

    public Task<string> WritePromptAsync(string name, string text, CancellationToken ct) => Task.FromResult($"{Directory}/prompts/{name}.md");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
