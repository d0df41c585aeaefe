using Baton.Core.Model;

namespace Baton.Core.Tasks;

/// <summary>A task as read from a task file or a <c>{json}</c> message, before it is queued.</summary>
public sealed record TaskDraft
{
    /// <summary>Identity in the source (<c>json:ID</c>, <c>md:HASH</c>), so syncing the same file twice queues nothing new.</summary>
    public required string ExternalKey { get; init; }

    /// <summary>The <c>id</c> as written in a JSON task, which other tasks' <see cref="DependsOn"/> refer to.</summary>
    public string? Id { get; init; }

    public required string Title { get; init; }

    public required string Prompt { get; init; }

    public string? Project { get; init; }

    public string? Pipeline { get; init; }

    public string? Agent { get; init; }

    public string? Stage { get; init; }

    /// <summary>The ids of other tasks as written in the file (not yet resolved to queued tasks).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Null: the caller's default.</summary>
    public int? MaxAttempts { get; init; }

    public int Priority { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public string? Requester { get; init; }

    /// <summary>The task's own command (see <see cref="TaskItem.Command"/>).</summary>
    public string? Command { get; init; }

    /// <summary>The task's own gates (see <see cref="TaskItem.QualityGates"/>).</summary>
    public IReadOnlyList<string> QualityGates { get; init; } = [];

    /// <summary>A checked item (<c>- [x]</c>): already done, so sync does not queue it.</summary>
    public bool Done { get; init; }

    /// <summary>A queued task from this draft; dependencies are left for the caller to resolve to task ids.</summary>
    public TaskItem ToTask(string id, TaskSource source, DateTimeOffset now) => new()
    {
        Id = id,
        Title = Title,
        Prompt = Prompt,
        Project = Project,
        Pipeline = Pipeline,
        Agent = Agent,
        Stage = Stage,
        Source = source,
        Requester = Requester,
        MaxAttempts = MaxAttempts ?? 1,
        Priority = Priority,
        Labels = Labels,
        ExternalKey = ExternalKey,
        Command = Command,
        QualityGates = QualityGates,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
