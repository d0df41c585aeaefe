using System.Text.Json.Nodes;
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
        var d = e.Data;
        switch (e.Type)
        {
            case EventType.TaskQueued:
                Title = Text(d, "title") ?? Title;
                TaskState = State<TaskState>(d) ?? TaskState;
                break;
            case EventType.TaskState:
                TaskState = State<TaskState>(d) ?? TaskState;
                break;
            case EventType.RunStarted:
                StartRun(e);
                RunNumber = d["number"] is JsonValue n && n.TryGetValue<int>(out var number) ? number : RunNumber + 1;
                Title = Title.Length == 0 ? Text(d, "task") ?? "" : Title;
                break;
            case EventType.RunState when State<RunState>(d) is { } state:
                EnsureRun(e);
                RunState = state;
                break;
            case EventType.RunFinished:
                EnsureRun(e);
                RunState = State<RunState>(d) ?? RunState;
                Reason = Text(d, "reason");
                Stage = null;
                RunFinishedAt = e.Ts;
                break;
            case EventType.StageStarted:
                EnsureRun(e);
                Stage = e.Stage;
                if (RunState is Model.RunState.Preparing or Model.RunState.Interrupted)
                {
                    // A stage runs: the run is running, whatever state event may have been missed.
                    RunState = Model.RunState.Running;
                }

                break;
            case EventType.AgentUsage:
                Tokens += Long(d, "input_tokens") + Long(d, "output_tokens");
                if (d["cost_usd"] is JsonValue cost && cost.TryGetValue<decimal>(out var usd))
                {
                    CostUsd = (CostUsd ?? 0) + usd;
                }

                break;
            case EventType.AgentMessage when Text(d, "text") is { } text && text.Trim().Length > 0:
                LastAgentMessage = text;
                break;
            case EventType.GateFinished:
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

    private static T? State<T>(JsonObject d) where T : struct, Enum =>
        Text(d, "state") is { } text && BatonJson.TryParseWireName<T>(text, out var value) ? value : null;

    private static string? Text(JsonObject d, string key) => d[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long Long(JsonObject d, string key) => d[key] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        _ => 0,
    };
}
