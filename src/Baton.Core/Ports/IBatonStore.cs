namespace Baton.Core.Ports;

/// <summary>The durable store: the source of truth for tasks, runs and events.</summary>
public interface IBatonStore : ITaskStore, IRunStore, IEventStore, IAgentStateStore, IChatStateStore, ISettingsStore, ISyncOutboxStore, ISingletonLeaseStore, IApprovalStore, IReviewStore, IAsyncDisposable
{
    /// <summary>The schema version after migrations ran.</summary>
    int SchemaVersion { get; }
}
