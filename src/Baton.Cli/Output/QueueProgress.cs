using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Engine.Execution;

namespace Baton.Cli.Output;

/// <summary>Progress of many concurrent runs: one plain line per milestone, prefixed with the task id.</summary>
public sealed class QueueProgress(Ui ui) : IRunObserver
{
    private readonly Lock _gate = new();

    public void OnEvent(RunEvent evt)
    {
        if (evt.Type is EventType.RunStarted or EventType.StageFinished or EventType.GateFinished or EventType.RunFinished
            || evt.Data is RunStateData { Message: not null })
        {
            lock (_gate)
            {
                ui.Progress($"{evt.TaskId} {(evt.Stage is null ? "" : evt.Stage + " ")}{EventText.Describe(evt)}");
            }
        }
    }

    public void OnOutput(string runId, string stage, OutputLine line)
    {
    }
}
