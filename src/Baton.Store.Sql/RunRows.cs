using System.Data.Common;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="RunRecord"/> to and from the <c>runs</c> table.</summary>
internal static class RunRows
{
    public const string Insert = """
        INSERT INTO runs (id, task_id, number, state, reason, message, pipeline, project, branch, workspace,
            current_stage, owner_host, owner_pid, owner_start_ticks, stop_requested, created_at, started_at,
            finished_at, heartbeat_at, epoch)
        VALUES (@id, @task_id, @number, @state, @reason, @message, @pipeline, @project, @branch, @workspace,
            @current_stage, @owner_host, @owner_pid, @owner_start_ticks, @stop_requested, @created_at, @started_at,
            @finished_at, @heartbeat_at, @epoch)
        """;

    // Targeted: only what the change names is written; a stop request and the heartbeat, which other processes write,
    // are never touched here.
    public const string Transition = """
        UPDATE runs SET state = coalesce(@state, state), reason = coalesce(@reason, reason),
            message = coalesce(@message, message), workspace = coalesce(@workspace, workspace),
            branch = coalesce(@branch, branch),
            current_stage = CASE WHEN @clear_stage = 1 THEN NULL ELSE coalesce(@current_stage, current_stage) END,
            started_at = coalesce(@started_at, started_at), finished_at = coalesce(@finished_at, finished_at),
            owner_host = CASE WHEN @release = 1 THEN NULL ELSE owner_host END,
            owner_pid = CASE WHEN @release = 1 THEN NULL ELSE owner_pid END,
            owner_start_ticks = CASE WHEN @release = 1 THEN NULL ELSE owner_start_ticks END
        WHERE id = @id
        RETURNING *
        """;

    public static DbCommand Bind(this DbCommand command, RunChange change) => command
        .With("@id", change.RunId)
        .With("@state", change.To?.WireName())
        .With("@reason", change.Reason?.WireName())
        .With("@message", change.Message)
        .With("@workspace", change.Workspace)
        .With("@branch", change.Branch)
        .With("@current_stage", change.CurrentStage)
        .With("@clear_stage", change.ClearCurrentStage)
        .WithTime("@started_at", change.StartedAt)
        .WithTime("@finished_at", change.FinishedAt)
        .With("@release", change.ReleaseOwner);

    public static DbCommand Bind(this DbCommand command, RunRecord run) => command
        .With("@id", run.Id)
        .With("@task_id", run.TaskId)
        .With("@number", run.Number)
        .With("@state", run.State.WireName())
        .With("@reason", run.Reason?.WireName())
        .With("@message", run.Message)
        .With("@pipeline", run.Pipeline)
        .With("@project", run.Project)
        .With("@branch", run.Branch)
        .With("@workspace", run.Workspace)
        .With("@current_stage", run.CurrentStage)
        .With("@owner_host", run.Owner?.Host)
        .With("@owner_pid", run.Owner?.Pid)
        .With("@owner_start_ticks", run.Owner?.StartTicks)
        .With("@stop_requested", run.StopRequested)
        .With("@created_at", UtcText.ToText(run.CreatedAt))
        .WithTime("@started_at", run.StartedAt)
        .WithTime("@finished_at", run.FinishedAt)
        .WithTime("@heartbeat_at", run.HeartbeatAt)
        .With("@epoch", run.Epoch);

    public static DbCommand BindOwner(this DbCommand command, string prefix, RunOwner? owner) => command
        .With($"@{prefix}_host", owner?.Host)
        .With($"@{prefix}_pid", owner?.Pid)
        .With($"@{prefix}_start_ticks", owner?.StartTicks);

    public static RunRecord Read(DbDataReader reader)
    {
        var row = new Row(reader);
        var host = row.TextOrNull("owner_host");
        return new RunRecord
        {
            Id = row.Text("id"),
            TaskId = row.Text("task_id"),
            Number = row.Int("number"),
            State = row.Enum<RunState>("state"),
            Reason = row.EnumOrNull<RunReason>("reason"),
            Message = row.TextOrNull("message"),
            Pipeline = row.Text("pipeline"),
            Project = row.TextOrNull("project"),
            Branch = row.TextOrNull("branch"),
            Workspace = row.TextOrNull("workspace"),
            CurrentStage = row.TextOrNull("current_stage"),
            Owner = host is null ? null : new RunOwner(host, row.Int("owner_pid"), row.Long("owner_start_ticks")),
            StopRequested = row.Bool("stop_requested"),
            Epoch = row.Long("epoch"),
            CreatedAt = row.Time("created_at"),
            StartedAt = row.TimeOrNull("started_at"),
            FinishedAt = row.TimeOrNull("finished_at"),
            HeartbeatAt = row.TimeOrNull("heartbeat_at"),
        };
    }
}
