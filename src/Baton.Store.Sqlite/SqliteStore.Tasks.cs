using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Store.Sqlite.Errors;
using Baton.Store.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

public sealed partial class SqliteStore
{
    // Ready: queued or waiting, past any back-off, and every dependency exists and succeeded. A dependency that does
    // not exist blocks the task here; FailBlockedTasksAsync is what fails it.
    private const string ClaimSql = """
        UPDATE tasks SET state = $running, updated_at = $now
        WHERE id = (
            SELECT t.id FROM tasks t
            WHERE t.state IN ($queued, $waiting)
              AND (t.not_before IS NULL OR t.not_before <= $now)
              AND NOT EXISTS (
                  SELECT 1 FROM json_each(t.depends_on) d LEFT JOIN tasks p ON p.id = d.value
                  WHERE p.state IS NOT $succeeded)
            ORDER BY t.priority DESC, t.created_at, t.id
            LIMIT 1)
        RETURNING *
        """;

    private const string BlockedSql = """
        SELECT t.id AS task_id, d.value AS dependency, p.state AS dependency_state
        FROM tasks t, json_each(t.depends_on) d LEFT JOIN tasks p ON p.id = d.value
        WHERE t.state IN ($queued, $waiting)
          AND (p.id IS NULL OR p.state IN ($failed, $cancelled, $escalated))
        ORDER BY t.id, d.key
        """;

    public Task AddTaskAsync(TaskItem task, CancellationToken ct) =>
        WriteAsync((c, tx) => InsertTask(c, tx, task), ct);

    public Task<(TaskItem Task, bool Created)> AddTaskIfNewAsync(TaskItem task, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            if (task.ExternalKey is { } key && SelectTask(c, tx, "external_key", key) is { } existing)
            {
                return (existing, false);
            }

            InsertTask(c, tx, task);
            return (task, true);
        }, ct);

    public Task<TaskItem?> GetTaskAsync(string id, CancellationToken ct) =>
        ReadAsync(c => SelectTask(c, null, "id", id), ct);

    public Task<TaskItem?> FindTaskByExternalKeyAsync(string externalKey, CancellationToken ct) =>
        ReadAsync(c => SelectTask(c, null, "external_key", externalKey), ct);

    /// <summary>Tasks in queue order (oldest first), optionally only those in the given states.</summary>
    public Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<TaskItem>>(c =>
        {
            using var command = c.Command("");
            var filter = "";
            if (query.States is { } states)
            {
                var names = states.Select((s, i) => $"$s{i}").ToList();
                filter = $"WHERE state IN ({string.Join(", ", names)})";
                foreach (var (state, i) in states.Select((s, i) => (s, i)))
                {
                    command.With($"$s{i}", state.WireName());
                }
            }

            command.CommandText = $"SELECT * FROM tasks {filter} ORDER BY created_at, id LIMIT $limit";
            return command.With("$limit", query.Limit).ReadAll(TaskRows.Read);
        }, ct);

    public Task UpdateTaskAsync(TaskItem task, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command(TaskRows.Update, tx).Bind(task);
            if (command.ExecuteNonQuery() == 0)
            {
                throw new KeyNotFoundException($"Task {task.Id} does not exist.");
            }
        }, ct);

    public Task<TaskItem?> ClaimNextTaskAsync(DateTimeOffset now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command(ClaimSql, tx)
                .With("$now", UtcText.ToText(now))
                .With("$running", TaskState.Running.WireName())
                .With("$queued", TaskState.Queued.WireName())
                .With("$waiting", TaskState.Waiting.WireName())
                .With("$succeeded", TaskState.Succeeded.WireName());
            return command.ReadFirst(TaskRows.Read);
        }, ct);

    public Task<IReadOnlyList<TaskItem>> FailBlockedTasksAsync(DateTimeOffset now, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<TaskItem>>((c, tx) =>
        {
            var failed = new List<TaskItem>();
            // Failing one task can block the tasks that depend on it, so repeat until nothing changes.
            while (FindBlocked(c, tx) is { Count: > 0 } blocked)
            {
                foreach (var (taskId, reason) in blocked)
                {
                    using var update = c.Command(
                            "UPDATE tasks SET state = $failed, reason = $reason, updated_at = $now WHERE id = $id RETURNING *",
                            tx)
                        .With("$failed", TaskState.Failed.WireName())
                        .With("$reason", reason)
                        .With("$now", UtcText.ToText(now))
                        .With("$id", taskId);
                    failed.Add(update.ReadFirst(TaskRows.Read)!);
                }
            }

            return failed;
        }, ct);

    private static List<(string TaskId, string Reason)> FindBlocked(SqliteConnection c, SqliteTransaction tx)
    {
        using var query = c.Command(BlockedSql, tx)
            .With("$queued", TaskState.Queued.WireName())
            .With("$waiting", TaskState.Waiting.WireName())
            .With("$failed", TaskState.Failed.WireName())
            .With("$cancelled", TaskState.Cancelled.WireName())
            .With("$escalated", TaskState.Escalated.WireName());
        var rows = query.ReadAll(r => (
            TaskId: r.GetString(0),
            Dependency: r.GetString(1),
            State: r.IsDBNull(2) ? "missing" : r.GetString(2)));
        // One reason per task: its first blocking dependency.
        return rows.DistinctBy(r => r.TaskId)
            .Select(r => (r.TaskId, $"dependency {r.Dependency} {r.State}"))
            .ToList();
    }

    private static void InsertTask(SqliteConnection c, SqliteTransaction tx, TaskItem task)
    {
        try
        {
            using var command = c.Command(TaskRows.Insert, tx).Bind(task);
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (StoreErrors.IsConstraint(ex))
        {
            throw StoreErrors.Conflict(task.ExternalKey is { } key
                ? $"Cannot add task {task.Id}: a task with id {task.Id} or external key '{key}' already exists."
                : $"Cannot add task {task.Id}: a task with that id already exists.");
        }
    }

    private static TaskItem? SelectTask(SqliteConnection c, SqliteTransaction? tx, string column, string value)
    {
        using var command = c.Command($"SELECT * FROM tasks WHERE {column} = $value", tx).With("$value", value);
        return command.ReadFirst(TaskRows.Read);
    }
}
