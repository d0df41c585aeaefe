using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Engine.Tests.Events;

public sealed class EventDataTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, 123, TimeSpan.Zero);

    /// <summary>One record of each type with the fields a real writer fills.</summary>
    private static readonly EventData[] Samples =
    [
        new TaskQueuedData { Title = "fix it", State = TaskState.Queued, Source = TaskSource.Cli, Priority = 2, Pipeline = "default", Project = "app", By = "cli:ana" },
        new TaskStateData { State = TaskState.Running, From = TaskState.Queued, Reason = "claimed", By = "baton" },
        new RunStartedData { Task = "fix it", Pipeline = "default", Project = "app", Number = 1, OwnerPid = 4242 },
        RunStateData.Of(RunState.Preparing, 1),
        new RunHeartbeatData { Stage = "build" },
        new RunFinishedData { State = RunState.Succeeded, Reason = RunReason.GatesPassed, Branch = "baton/t1", FilesChanged = ["a.txt"], TaskState = TaskState.Succeeded },
        new WorkspaceReadyData { Path = "/ws", Branch = "baton/t1", BaseCommit = "abc", Mode = "worktree", ResumedFrom = "def", DiscardedCommits = 1 },
        new WorkspaceCommitData { Commit = "0123456789abcdef", Branch = "baton/t1" },
        new WorkspacePushedData { Branch = "baton/t1", Commit = "0123456789abcdef", Replaced = "fedcba9876543210" },
        new StageStartedData { Kind = "agent", Attempt = 1, Try = 1, Role = "builder", Agent = "codex" },
        new StageRetryData { Try = 1, Error = "exited 1", DelayMs = 1500 },
        new StageFinishedData { Status = "failed", ExitCode = 1, Error = "exited 1", AllowedFailure = false, Attempt = 1, Tries = 2, Seconds = 1.25, OutputTail = "x" },
        new AgentSessionData { SessionId = "s-1", Agent = "codex", Resumed = true },
        new AgentMessageData { Text = "done" },
        new AgentReasoningData { Text = "hmm" },
        new AgentCommandData { Id = "c1", Command = "ls", Status = "completed", ExitCode = 0, Output = "a.txt" },
        new AgentFileChangeData { Path = "a.txt", Kind = "add" },
        new AgentToolData { Id = "t1", Name = "search", Status = "started", Input = new JsonObject { ["q"] = "x" } },
        new AgentUsageData { InputTokens = 100, CachedInputTokens = 10, OutputTokens = 20, ReasoningTokens = 5, CostUsd = 0.0012m },
        new AgentErrorData { Message = "401", Fatal = true, Failure = "auth" },
        new AgentRawData { Line = "garbage", Reason = "not_json" },
        new GateStartedData { Command = "make test", Attempt = 1 },
        new GateFinishedData { Command = "make test", Attempt = 1, Passed = true, ExitCode = 0, Seconds = 2.5 },
        new ReviewVerdictData { Reviewer = "claude", Verdict = "concerns", Summary = "naming", Findings = [new("a.cs", 3, "low", "rename it")], Attempt = 1 },
        new ReviewDecisionData { Decision = "continue", Reason = "1 concern", Attempt = 1 },
        new ApprovalRequestedData { Id = "a1", Reason = "deploy", Kind = "approval" },
        new ApprovalAnsweredData { Id = "a1", Approved = true, Answer = "approved", By = "cli:ana" },
        new BudgetWarningData { Tokens = 900, TokenLimit = 1000, CostUsd = 0.9m, CostLimit = 1m },
        new BudgetExceededData { Tokens = 1100, TokenLimit = 1000 },
        new RecoveryActionData { Agent = "codex", Failure = "rate_limited", Action = "retry", DelayMs = 2000 },
        new PolicyViolationData { Command = "rm -rf /", Path = "/etc/passwd", Reason = "forbidden", Action = "refused" },
        new LimitExceededData { Limit = "memory_mb", Detail = "over 64 MB" },
        new LeaseAcquiredData { Node = "node-a:4242", Epoch = 3, LeaseSeconds = 15 },
        new LeaseLostData { Node = "node-a:4242", LastHeartbeat = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), By = "node-b:77" },
        new PolicyConfirmData { Command = "git push", Pattern = "git push", ApprovalId = "a2", Deadline = DateTimeOffset.UnixEpoch },
        new SyncAttemptData { Attempt = 2, Url = "http://127.0.0.1:9/runs", Status = 503, Delivered = false, Error = "HTTP 503", NextAttemptAt = DateTimeOffset.UnixEpoch },
    ];

    public static TheoryData<int> SampleIndexes() => [.. Enumerable.Range(0, Samples.Length)];

    private static RunEvent Event(EventData data) => new() { Position = 7, Seq = 3, Ts = T0, TaskId = "t1", RunId = "r1", Stage = "build", Data = data };

    [Fact]
    public void Every_event_type_has_exactly_one_record()
    {
        Samples.Select(d => d.Type).Order().ShouldBe(Enum.GetValues<EventType>().Order());
        foreach (var type in Enum.GetValues<EventType>())
        {
            EventDataJson.TypeInfo(type).Type.Name.ShouldBe(Samples.Single(d => d.Type == type).GetType().Name);
        }
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void A_typed_event_round_trips_through_its_wire_line(int index)
    {
        var e = Event(Samples[index]);

        var line = BatonJson.Serialize(e);
        var back = BatonJson.ReadEvent(line);

        back.Data.ShouldNotBeOfType<UnreadData>();
        back.Data.GetType().ShouldBe(e.Data.GetType());
        BatonJson.Serialize(back).ShouldBe(line);
        (back with { Data = e.Data }).ShouldBe(e);
        JsonNode.Parse(line)!["type"]!.GetValue<string>().ShouldBe(e.Type.Name());
    }

    [Fact]
    public void The_wire_shape_is_the_one_of_spec_section_7()
    {
        var line = BatonJson.Serialize(Event(new StageFinishedData { Status = "succeeded", ExitCode = 0, Attempt = 1, Tries = 1, Seconds = 0.5 }));

        line.ShouldBe("""{"position":7,"seq":3,"ts":"2026-11-22T10:00:00.123Z","task_id":"t1","run_id":"r1","stage":"build","type":"stage.finished","data":{"status":"succeeded","exit_code":0,"attempt":1,"tries":1,"seconds":0.5}}""");
    }

    [Fact]
    public void A_line_written_by_an_earlier_build_reads_as_its_typed_record()
    {
        // Written before data became records: explicit nulls, numbers as the JSON DOM wrote them.
        const string old = """{"seq":12,"ts":"2026-11-20T08:00:00.000Z","task_id":"t9","run_id":"r9","stage":"build","type":"stage.finished","data":{"status":"failed","exit_code":2,"error":"exited 2","allowed_failure":false,"attempt":1,"tries":1,"seconds":3.25,"output_tail":null}}""";
        const string task = """{"position":3,"ts":"2026-11-20T08:00:00.000Z","task_id":"t9","run_id":null,"type":"task.state","data":{"state":"running","from":"queued","reason":null,"by":"baton"}}""";

        var finished = BatonJson.ReadEvent(old).Data.ShouldBeOfType<StageFinishedData>();
        var state = BatonJson.ReadEvent(task);

        (finished.Status, finished.ExitCode, finished.Error, finished.Seconds, finished.OutputTail).ShouldBe(("failed", (int?)2, "exited 2", (double?)3.25, (string?)null));
        state.IsTaskEvent.ShouldBeTrue();
        state.Data.ShouldBeOfType<TaskStateData>().ShouldSatisfyAllConditions(
            d => d.State.ShouldBe(TaskState.Running),
            d => d.From.ShouldBe(TaskState.Queued));
    }

    [Fact]
    public void Fields_a_record_does_not_name_are_kept_and_written_back()
    {
        const string line = """{"seq":1,"ts":"2026-11-20T08:00:00.000Z","task_id":"t","run_id":"r","type":"agent.message","data":{"text":"hi","model":"gpt-5","tokens":{"in":3}}}""";

        var e = BatonJson.ReadEvent(line);

        e.Data.ShouldBeOfType<AgentMessageData>().Text.ShouldBe("hi");
        BatonJson.Serialize(e).ShouldBe(line);
    }

    [Fact]
    public void Data_of_the_wrong_shape_is_kept_whole_and_still_renders()
    {
        const string line = """{"seq":1,"ts":"2026-11-20T08:00:00.000Z","task_id":"t","run_id":"r","type":"gate.finished","data":{"command":["not","text"],"passed":"yes"}}""";

        var e = BatonJson.ReadEvent(line);

        e.Data.ShouldBeOfType<UnreadData>().Type.ShouldBe(EventType.GateFinished);
        BatonJson.Serialize(e).ShouldBe(line);
        EventText.Describe(e).ShouldContain("gate.finished");
    }

    [Fact]
    public void A_line_that_is_not_an_event_is_refused_with_a_json_error()
    {
        Should.Throw<System.Text.Json.JsonException>(() => BatonJson.ReadEvent("""{"ts":"2026-11-20T08:00:00.000Z","task_id":"t","type":"no.such"}"""));
        Should.Throw<System.Text.Json.JsonException>(() => BatonJson.ReadEvent("""{"ts":"2026-11-20T08:00:00.000Z","type":"agent.message","data":{"text":"x"}}"""));
        Should.Throw<System.Text.Json.JsonException>(() => BatonJson.ReadEvent("""{"ts":"2026-11-20T08:00:00.000Z","task_id":"t","type":"agent.message","data":[1]}"""));
    }
}
