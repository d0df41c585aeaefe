using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Text;

namespace Baton.Core.Events.Data;

/// <summary>
/// The table from <see cref="EventType"/> to its data record, and the one way event data is written and read: through
/// source-generated contracts, compiled ahead of time. Data of the wrong shape for its type is read as
/// <see cref="UnreadData"/>, never thrown away.
/// </summary>
public static class EventDataJson
{
    private static readonly EventDataContext Context = new(BatonJson.NewOptions(indented: false));

    public static JsonTypeInfo TypeInfo(EventType type) => type switch
    {
        EventType.TaskQueued => Context.TaskQueuedData,
        EventType.TaskState => Context.TaskStateData,
        EventType.RunStarted => Context.RunStartedData,
        EventType.RunState => Context.RunStateData,
        EventType.RunHeartbeat => Context.RunHeartbeatData,
        EventType.RunFinished => Context.RunFinishedData,
        EventType.WorkspaceReady => Context.WorkspaceReadyData,
        EventType.WorkspaceCommit => Context.WorkspaceCommitData,
        EventType.WorkspacePushed => Context.WorkspacePushedData,
        EventType.StageStarted => Context.StageStartedData,
        EventType.StageRetry => Context.StageRetryData,
        EventType.StageFinished => Context.StageFinishedData,
        EventType.AgentSession => Context.AgentSessionData,
        EventType.AgentMessage => Context.AgentMessageData,
        EventType.AgentReasoning => Context.AgentReasoningData,
        EventType.AgentCommand => Context.AgentCommandData,
        EventType.AgentFileChange => Context.AgentFileChangeData,
        EventType.AgentTool => Context.AgentToolData,
        EventType.AgentUsage => Context.AgentUsageData,
        EventType.AgentError => Context.AgentErrorData,
        EventType.AgentRaw => Context.AgentRawData,
        EventType.GateStarted => Context.GateStartedData,
        EventType.GateFinished => Context.GateFinishedData,
        EventType.ReviewVerdict => Context.ReviewVerdictData,
        EventType.ReviewDecision => Context.ReviewDecisionData,
        EventType.ApprovalRequested => Context.ApprovalRequestedData,
        EventType.BudgetWarning => Context.BudgetWarningData,
        EventType.BudgetExceeded => Context.BudgetExceededData,
        EventType.ApprovalAnswered => Context.ApprovalAnsweredData,
        EventType.RecoveryAction => Context.RecoveryActionData,
        EventType.PolicyViolation => Context.PolicyViolationData,
        EventType.PolicyConfirm => Context.PolicyConfirmData,
        EventType.LimitExceeded => Context.LimitExceededData,
        EventType.LeaseAcquired => Context.LeaseAcquiredData,
        EventType.LeaseLost => Context.LeaseLostData,
        EventType.SyncAttempt => Context.SyncAttemptData,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an event type"),
    };

    public static void Write(Utf8JsonWriter writer, EventData data)
    {
        if (data is UnreadData unread)
        {
            unread.Raw.WriteTo(writer);
            return;
        }

        JsonSerializer.Serialize(writer, data, TypeInfo(data.Type));
    }

    public static string Serialize(EventData data)
    {
        if (data is UnreadData unread)
        {
            return unread.Raw.ToJsonString();
        }

        return JsonSerializer.Serialize(data, TypeInfo(data.Type));
    }

    /// <summary>The data as a JSON object (what a command agent or a test compares field by field).</summary>
    public static JsonObject ToObject(EventData data) => JsonNode.Parse(Serialize(data)) as JsonObject ?? [];

    /// <summary>Reads <paramref name="json"/> (an object) as <paramref name="type"/>'s record.</summary>
    /// <exception cref="JsonException">The text is not a JSON object.</exception>
    public static EventData Read(EventType type, string json)
    {
        try
        {
            return (EventData?)JsonSerializer.Deserialize(json, TypeInfo(type)) ?? new UnreadData(type, []);
        }
        catch (JsonException)
        {
            return new UnreadData(type, JsonNode.Parse(json) as JsonObject ?? throw new JsonException($"event data is not an object: {json}"));
        }
    }

    /// <summary>Reads an object already parsed (a command agent's own event), or null when it does not fit the type's record.</summary>
    public static EventData? TryRead(EventType type, JsonObject data)
    {
        try
        {
            return (EventData?)data.Deserialize(TypeInfo(type));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static EventData Read(EventType type, JsonElement data) =>
        data.ValueKind == JsonValueKind.Object ? Read(type, data.GetRawText()) : throw new JsonException($"event data is not an object: {data.GetRawText()}");
}

[JsonSerializable(typeof(TaskQueuedData))]
[JsonSerializable(typeof(TaskStateData))]
[JsonSerializable(typeof(RunStartedData))]
[JsonSerializable(typeof(RunStateData))]
[JsonSerializable(typeof(RunHeartbeatData))]
[JsonSerializable(typeof(RunFinishedData))]
[JsonSerializable(typeof(WorkspaceReadyData))]
[JsonSerializable(typeof(WorkspaceCommitData))]
[JsonSerializable(typeof(WorkspacePushedData))]
[JsonSerializable(typeof(StageStartedData))]
[JsonSerializable(typeof(StageRetryData))]
[JsonSerializable(typeof(StageFinishedData))]
[JsonSerializable(typeof(AgentSessionData))]
[JsonSerializable(typeof(AgentMessageData))]
[JsonSerializable(typeof(AgentReasoningData))]
[JsonSerializable(typeof(AgentCommandData))]
[JsonSerializable(typeof(AgentFileChangeData))]
[JsonSerializable(typeof(AgentToolData))]
[JsonSerializable(typeof(AgentUsageData))]
[JsonSerializable(typeof(AgentErrorData))]
[JsonSerializable(typeof(AgentRawData))]
[JsonSerializable(typeof(GateStartedData))]
[JsonSerializable(typeof(GateFinishedData))]
[JsonSerializable(typeof(ReviewVerdictData))]
[JsonSerializable(typeof(ReviewDecisionData))]
[JsonSerializable(typeof(ApprovalRequestedData))]
[JsonSerializable(typeof(BudgetWarningData))]
[JsonSerializable(typeof(BudgetExceededData))]
[JsonSerializable(typeof(ApprovalAnsweredData))]
[JsonSerializable(typeof(RecoveryActionData))]
[JsonSerializable(typeof(PolicyViolationData))]
[JsonSerializable(typeof(PolicyConfirmData))]
[JsonSerializable(typeof(LimitExceededData))]
[JsonSerializable(typeof(LeaseAcquiredData))]
[JsonSerializable(typeof(LeaseLostData))]
[JsonSerializable(typeof(SyncAttemptData))]
internal sealed partial class EventDataContext : JsonSerializerContext;
