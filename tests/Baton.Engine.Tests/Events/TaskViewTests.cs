using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Testing;

namespace Baton.Engine.Tests.Events;

public sealed class TaskViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    private long _position;

    private RunEvent E(EventType type, string? run, JsonObject? data = null, string? stage = null, int seconds = 0) => new()
    {
        Position = ++_position,
        Seq = run is null ? 0 : _position,
        Ts = T0.AddSeconds(seconds),
        TaskId = "t1",
        RunId = run,
        Stage = stage,
        Data = EventFields.Of(type, data ?? []),
    };

    [Fact]
    public void Folds_task_and_run_events_into_what_a_person_sees()
    {
        var view = new TaskView("t1");
        view.Add(E(EventType.TaskQueued, null, new JsonObject { ["title"] = "fix it", ["state"] = "queued" }));
        view.Add(E(EventType.TaskState, null, new JsonObject { ["state"] = "running", ["from"] = "queued" }));
        view.Add(E(EventType.RunStarted, "r1", new JsonObject { ["number"] = 1, ["task"] = "fix it", ["pipeline"] = "default" }, seconds: 1));
        view.Add(E(EventType.StageStarted, "r1", new JsonObject { ["kind"] = "command" }, stage: "build"));
        view.Add(E(EventType.AgentMessage, "r1", new JsonObject { ["text"] = "done it" }));
        view.Add(E(EventType.AgentUsage, "r1", new JsonObject { ["input_tokens"] = 100, ["output_tokens"] = 20, ["cost_usd"] = 0.5m }));

        (view.Title, view.TaskState, view.RunNumber, view.RunState, view.Stage, view.Working).ShouldBe(("fix it", TaskState.Running, 1, RunState.Running, "build", true));
        (view.Tokens, view.CostUsd, view.LastAgentMessage).ShouldBe((120L, 0.5m, "done it"));

        view.Add(E(EventType.RunFinished, "r1", new JsonObject { ["state"] = "failed", ["reason"] = "gate_failed" }, seconds: 9));
        view.Add(E(EventType.TaskState, null, new JsonObject { ["state"] = "failed" }));

        (view.RunState, view.Reason, view.Stage, view.Working, view.TaskState).ShouldBe((RunState.Failed, "gate_failed", null, false, TaskState.Failed));
        (view.RunFinishedAt - view.RunStartedAt).ShouldBe(TimeSpan.FromSeconds(8));
        view.Position.ShouldBe(_position);
    }

    [Fact]
    public void A_new_run_starts_its_own_tally_and_a_resumed_run_seen_midway_still_counts()
    {
        var view = new TaskView("t1");
        view.Add(E(EventType.RunStarted, "r1", new JsonObject { ["number"] = 1, ["task"] = "fix it", ["pipeline"] = "default" }));
        view.Add(E(EventType.AgentUsage, "r1", new JsonObject { ["input_tokens"] = 5 }));
        view.Add(E(EventType.RunFinished, "r1", new JsonObject { ["state"] = "failed" }));
        view.Add(E(EventType.RunState, "r2", new JsonObject { ["state"] = "resumed" }));
        view.Add(E(EventType.RunState, "r2", new JsonObject { ["state"] = "running" }));

        (view.RunId, view.RunNumber, view.RunState, view.Tokens, view.Working).ShouldBe(("r2", 2, RunState.Running, 0L, true));
    }
}
