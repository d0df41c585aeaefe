using Baton.Core.Model;
using Baton.Core.Text;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite.Rows;

/// <summary>Maps <see cref="RunRecord"/> to and from the <c>runs</c> table.</summary>
internal static class RunRows
{
    public const string Insert = """
        INSERT INTO runs (id, task_id, number, state, reason, message, pipeline, project, branch, workspace,
            current_stage, owner_host, owner_pid, owner_start_ticks, stop_requested, created_at, started_at,
            finished_at, heartbeat_at)
        VALUES ($id, $task_id, $number, $state, $reason, $message, $pipeline, $project, $branch, $workspace,
            $current_stage, $owner_host, $owner_pid, $owner_start_ticks, $stop_requested, $created_at, $started_at,
            $finished_at, $heartbeat_at)
        """;

    // A stop request and a heartbeat can come from another process at any time, so a writer holding an older
    // copy of the run must not undo them: stop_requested only goes from 0 to 1, heartbeat_at only forward.
    public const string Update = """
        UPDATE runs SET task_id = $task_id, number = $number, state = $state, reason = $reason, message = $message,
            pipeline = $pipeline, project = $project, branch = $branch, workspace = $workspace,
            current_stage = $current_stage, owner_host = $owner_host, owner_pid = $owner_pid,
            owner_start_ticks = $owner_start_ticks, stop_requested = max(stop_requested, $stop_requested),
            created_at = $created_at, started_at = $started_at, finished_at = $finished_at,
            heartbeat_at = CASE WHEN heartbeat_at IS NULL OR $heartbeat_at > heartbeat_at THEN $heartbeat_at
                ELSE heartbeat_at END
        WHERE id = $id
        """;

    public static SqliteCommand Bind(this SqliteCommand command, RunRecord run) => command
        .With("$id", run.Id)
        .With("$task_id", run.TaskId)
        .With("$number", run.Number)
        .With("$state", run.State.WireName())
        .With("$reason", run.Reason?.WireName())
        .With("$message", run.Message)
        .With("$pipeline", run.Pipeline)
        .With("$project", run.Project)
        .With("$branch", run.Branch)
        .With("$workspace", run.Workspace)
        .With("$current_stage", run.CurrentStage)
        .With("$owner_host", run.Owner?.Host)
        .With("$owner_pid", run.Owner?.Pid)
        .With("$owner_start_ticks", run.Owner?.StartTicks)
        .With("$stop_requested", run.StopRequested ? 1 : 0)
        .With("$created_at", UtcText.ToText(run.CreatedAt))
        .With("$started_at", UtcText.ToDb(run.StartedAt))
        .With("$finished_at", UtcText.ToDb(run.FinishedAt))
        .With("$heartbeat_at", UtcText.ToDb(run.HeartbeatAt));

    public static SqliteCommand BindOwner(this SqliteCommand command, string prefix, RunOwner? owner) => command
        .With($"${prefix}_host", owner?.Host)
        .With($"${prefix}_pid", owner?.Pid)
        .With($"${prefix}_start_ticks", owner?.StartTicks);

    public static RunRecord Read(SqliteDataReader reader)
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
            CreatedAt = row.Time("created_at"),
            StartedAt = row.TimeOrNull("started_at"),
            FinishedAt = row.TimeOrNull("finished_at"),
            HeartbeatAt = row.TimeOrNull("heartbeat_at"),
        };
    }
}
