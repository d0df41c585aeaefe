using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Core.Events;

/// <summary>
/// What a person sees of one task, folded from its events in feed order (task events and every run's events): its
/// title and state, the latest run's number, state, stage, times and reason, and that run's tokens, cost, last agent
/// message and last gate. Views render this instead of reading tables.
/// </summary>
public sealed class TaskView(string taskId)
{
    public string TaskId { get; } = taskId;
    public string Title { get; private set; } = "";
    public TaskState? TaskState { get; private set; }
    public string? RunId { get; private set; }
    public int RunNumber { get; private set; }
    public RunState? RunState { get; private set; }
    public string? Reason { get; private set; }
    public string? Stage { get; private set; }
    public DateTimeOffset? RunStartedAt { get; private set; }
    public DateTimeOffset? RunFinishedAt { get; private set; }
    public long Tokens { get; private set; }
    public decimal? CostUsd { get; private set; }
    public string? LastAgentMessage { get; private set; }
    public string? LastGate { get; private set; }
    /// <summary>The position of the last event folded in.</summary>
    public long Position { get; private set; }

    /// <summary>A run is under way (its process works): not finished, not interrupted, not parked.</summary>
    public bool Working => RunState is { } s && s.IsActive();

    public void Add(RunEvent e)
    {
        Position = Math.Max(Position, e.Position);
        switch (e.Data)
        {
            case TaskQueuedData d:
                Title = d.Title;
                TaskState = d.State;
                break;
            case TaskStateData d:
                TaskState = d.State;
                break;
            case RunStartedData d:
                StartRun(e);
                RunNumber = d.Number > 0 ? d.Number : RunNumber + 1;
                Title = Title.Length == 0 ? d.Task : Title;
                break;
            case RunStateData { AsRunState: { } state }:
                EnsureRun(e);
                RunState = state;
                break;
            case RunFinishedData d:
                EnsureRun(e);
                RunState = d.State;
                Reason = d.Reason?.WireName();
                Stage = null;
                RunFinishedAt = e.Ts;
                break;
            case StageStartedData:
                EnsureRun(e);
                Stage = e.Stage;
                if (RunState is Model.RunState.Preparing or Model.RunState.Interrupted)
                {
                    // A stage runs: the run is running, whatever state event may have been missed.
                    RunState = Model.RunState.Running;
                }

                break;
            case AgentUsageData d:
                Tokens += d.InputTokens + d.OutputTokens;
                if (d.CostUsd is { } usd)
                {
                    CostUsd = (CostUsd ?? 0) + usd;
                }

                break;
            case AgentMessageData d when d.Text.Trim().Length > 0:
                LastAgentMessage = d.Text;
                break;
            case GateFinishedData:
                LastGate = EventText.Describe(e);
                break;
            default:
                break;
        }
    }

    /// <summary>A run's events before its run.started (a resumed run seen from the middle) still make it the current run.</summary>
    private void EnsureRun(RunEvent e)
    {
        if (e.RunId is not null && e.RunId != RunId)
        {
            StartRun(e);
            RunNumber++;
        }
    }

    private void StartRun(RunEvent e)
    {
        RunId = e.RunId;
        RunState = Model.RunState.Preparing;
        RunStartedAt = e.Ts;
        RunFinishedAt = null;
        Reason = null;
        Stage = null;
        Tokens = 0;
        CostUsd = null;
        LastAgentMessage = null;
        LastGate = null;
    }
}
