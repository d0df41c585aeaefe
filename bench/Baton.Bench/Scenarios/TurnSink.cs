using System.Diagnostics;
using Baton.Core.Agents;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Engine.Journal;

namespace Baton.Bench.Scenarios;

/// <summary>Journals a turn's events into the real store and events.ndjson, and notes when the CLI started and exited.</summary>
internal sealed class TurnSink(RunJournal journal) : IAgentEventSink
{
    public long Started { get; private set; }

    public long Exited { get; private set; }

    public ProcessCallbacks ProcessCallbacks => new()
    {
        OnStarted = _ =>
        {
            Started = Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        },
        OnExited = _ =>
        {
            Exited = Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        },
    };

    public void Emit(EventData data) => journal.Emit("build", data);

    public void Log(OutputLine line)
    {
    }
}
