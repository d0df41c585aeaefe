using System.Data.Common;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="TaskItem"/> to and from the <c>tasks</c> table.</summary>
internal static class TaskRows
{
    public const string Insert = """
        INSERT INTO tasks (id, title, prompt, project, pipeline, agent, stage, source, requester, depends_on,
            max_attempts, priority, labels, state, attempts, reason, external_key, created_at, updated_at, not_before,
            command, quality_gates, claim_host, claim_pid, claim_start_ticks, claimed_at)
        VALUES (@id, @title, @prompt, @project, @pipeline, @agent, @stage, @source, @requester, @depends_on,
            @max_attempts, @priority, @labels, @state, @attempts, @reason, @external_key, @created_at, @updated_at, @not_before,
            @command, @quality_gates, @claim_host, @claim_pid, @claim_start_ticks, @claimed_at)
        """;

    public static DbCommand Bind(this DbCommand command, TaskItem task) => command
        .With("@id", task.Id)
        .With("@title", task.Title)
        .With("@prompt", task.Prompt)
        .With("@project", task.Project)
        .With("@pipeline", task.Pipeline)
        .With("@agent", task.Agent)
        .With("@stage", task.Stage)
        .With("@source", task.Source.WireName())
        .With("@requester", task.Requester)
        .With("@depends_on", BatonJson.Serialize(task.DependsOn))
        .With("@max_attempts", task.MaxAttempts)
        .With("@priority", task.Priority)
        .With("@labels", BatonJson.Serialize(task.Labels))
        .With("@state", task.State.WireName())
        .With("@attempts", task.Attempts)
        .With("@reason", task.Reason)
        .With("@external_key", task.ExternalKey)
        .With("@created_at", UtcText.ToText(task.CreatedAt))
        .With("@updated_at", UtcText.ToText(task.UpdatedAt))
        .WithTime("@not_before", task.NotBefore)
        .With("@command", task.Command)
        .With("@quality_gates", BatonJson.Serialize(task.QualityGates))
        .BindClaim(task.State == TaskState.Running ? task.Claim : null);

    /// <summary>The claim columns (<c>@claim_host</c>, <c>@claim_pid</c>, <c>@claim_start_ticks</c>, <c>@claimed_at</c>).</summary>
    public static DbCommand BindClaim(this DbCommand command, TaskClaim? claim) => command
        .BindOwner("claim", claim?.By)
        .WithTime("@claimed_at", claim?.At);

    public static TaskItem Read(DbDataReader reader)
    {
        var row = new Row(reader);
        return new TaskItem
        {
            Id = row.Text("id"),
            Title = row.Text("title"),
            Prompt = row.Text("prompt"),
            Project = row.TextOrNull("project"),
            Pipeline = row.TextOrNull("pipeline"),
            Agent = row.TextOrNull("agent"),
            Stage = row.TextOrNull("stage"),
            Source = row.Enum<TaskSource>("source"),
            Requester = row.TextOrNull("requester"),
            DependsOn = row.StringList("depends_on"),
            MaxAttempts = row.Int("max_attempts"),
            Priority = row.Int("priority"),
            Labels = row.StringList("labels"),
            State = row.Enum<TaskState>("state"),
            Attempts = row.Int("attempts"),
            Reason = row.TextOrNull("reason"),
            ExternalKey = row.TextOrNull("external_key"),
            CreatedAt = row.Time("created_at"),
            UpdatedAt = row.Time("updated_at"),
            NotBefore = row.TimeOrNull("not_before"),
            Command = row.TextOrNull("command"),
            QualityGates = row.StringList("quality_gates"),
            Claim = row.TextOrNull("claim_host") is { } host
                ? new TaskClaim(new RunOwner(host, row.Int("claim_pid"), row.Long("claim_start_ticks")), row.Time("claimed_at"))
                : null,
        };
    }
}
