using System.Data.Common;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    // Ready: queued or waiting, past any back-off, and every dependency exists and succeeded. A dependency that does
    // not exist blocks the task here; FailBlockedTasksAsync is what fails it.
    private string ReadySql => $$"""
        SELECT t.id FROM tasks t
        WHERE t.state IN (@queued, @waiting)
          AND (t.not_before IS NULL OR t.not_before <= @now)
          AND NOT EXISTS (
              SELECT 1 FROM {{_dialect.Dependencies}} LEFT JOIN tasks p ON p.id = d.value
              WHERE p.state IS NULL OR p.state <> @succeeded)
        ORDER BY t.priority DESC, t.created_at, t.id
        LIMIT 1
        """;

    private string BlockedSql => $$"""
        SELECT t.id AS task_id, d.value AS dependency, p.state AS dependency_state
        FROM tasks t, {{_dialect.Dependencies}} LEFT JOIN tasks p ON p.id = d.value
        WHERE t.state IN (@queued, @waiting)
          AND (p.id IS NULL OR p.state IN (@failed, @cancelled, @escalated))
        ORDER BY t.id, d.key
        """;

    // A claim is the change's own: set on the move to running, cleared by every other move.
    private const string TransitionSql = """
        UPDATE tasks SET state = @state, reason = @reason, not_before = @not_before, updated_at = @at,
            claim_host = @claim_host, claim_pid = @claim_pid, claim_start_ticks = @claim_start_ticks, claimed_at = @claimed_at,
            prompt = coalesce(@prompt, prompt),
            max_attempts = CASE WHEN @one_more = 1 AND max_attempts < attempts + 1 THEN attempts + 1 ELSE max_attempts END
        WHERE id = @id
        RETURNING *
        """;

    public Task<TaskAdded> AddTaskAsync(TaskItem task, Actor by, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            LockFeed(c, tx);
            if (task.ExternalKey is { } key && SelectTask(c, tx, "external_key", key) is { } existing)
            {
                return new TaskAdded(existing, false, null);
            }

            if (task.State is not (TaskState.Queued or TaskState.Waiting or TaskState.Running))
            {
                throw new ArgumentException($"a new task starts queued, waiting or running (claimed at birth), not {task.State.WireName()}", nameof(task));
            }

            InsertTask(c, tx, task);
            var stored = SelectTask(c, tx, "id", task.Id)!;
            var queued = TaskEvents.Queued(stored, by);
            return new TaskAdded(stored, true, queued with { Position = InsertEvent(c, tx, queued) });
        }, ct);

    public Task<TaskItem?> GetTaskAsync(string id, CancellationToken ct) =>
        ReadAsync(c => SelectTask(c, null, "id", id), ct);

    public Task<TaskItem?> FindTaskByExternalKeyAsync(string externalKey, CancellationToken ct) =>
        ReadAsync(c => SelectTask(c, null, "external_key", externalKey), ct);

    public Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<TaskItem>>(c =>
        {
            using var command = c.Command("");
            var filter = "";
            if (query.States is { } states)
            {
                var names = states.Select((s, i) => $"@s{i}").ToList();
                filter = $"WHERE state IN ({string.Join(", ", names)})";
                foreach (var (state, i) in states.Select((s, i) => (s, i)))
                {
                    command.With($"@s{i}", state.WireName());
                }
            }

            command.CommandText = $"SELECT * FROM tasks {filter} ORDER BY {(query.NewestFirst ? "created_at DESC, id DESC" : "created_at, id")} LIMIT @limit";
            return command.With("@limit", query.Limit).ReadAll(TaskRows.Read);
        }, ct);

    public Task<TaskTransition?> TransitionTaskAsync(TaskChange change, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            LockFeed(c, tx);
            var current = SelectTask(c, tx, "id", change.TaskId) ?? throw new KeyNotFoundException($"Task {change.TaskId} does not exist.");
            return change.Expected is { } expected && !expected.Contains(current.State) ? null : Apply(c, tx, current, change);
        }, ct);

    public Task<TaskTransition?> ClaimNextTaskAsync(RunOwner claimer, DateTimeOffset now, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            LockFeed(c, tx);
            using var ready = c.Command(ReadySql, tx)
                .With("@now", UtcText.ToText(now))
                .With("@queued", TaskState.Queued.WireName())
                .With("@waiting", TaskState.Waiting.WireName())
                .With("@succeeded", TaskState.Succeeded.WireName());
            if (ready.ExecuteScalar() is not string id || SelectTask(c, tx, "id", id) is not { } task)
            {
                return null;
            }

            return Apply(c, tx, task, new TaskChange { TaskId = id, To = TaskState.Running, Reason = "claimed", Claimer = claimer, At = now });
        }, ct);

    public Task<IReadOnlyList<TaskTransition>> FailBlockedTasksAsync(DateTimeOffset now, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<TaskTransition>>((c, tx) =>
        {
            LockFeed(c, tx);
            var failed = new List<TaskTransition>();
            // Failing one task can block the tasks that depend on it, so repeat until nothing changes.
            while (FindBlocked(c, tx) is { Count: > 0 } blocked)
            {
                foreach (var (taskId, reason) in blocked)
                {
                    var task = SelectTask(c, tx, "id", taskId)!;
                    failed.Add(Apply(c, tx, task, new TaskChange { TaskId = taskId, To = TaskState.Failed, Reason = reason, At = now }));
                }
            }

            return failed;
        }, ct);

    /// <summary>Checks the change against the table, writes the targeted columns and appends its task.state event.</summary>
    private TaskTransition Apply(DbConnection c, DbTransaction tx, TaskItem current, TaskChange change)
    {
        TaskTransitions.Check(current.Id, current.State, change.To);
        var claim = change.To == TaskState.Running && change.Claimer is { } claimer ? new TaskClaim(claimer, change.At) : null;
        using var update = c.Command(TransitionSql, tx)
            .BindClaim(claim)
            .With("@id", current.Id)
            .With("@state", change.To.WireName())
            .With("@reason", change.Reason)
            .WithTime("@not_before", change.NotBefore)
            .With("@at", UtcText.ToText(change.At))
            .With("@prompt", change.Prompt)
            .With("@one_more", change.AllowOneMoreRun);
        var task = update.ReadFirst(TaskRows.Read)!;
        var evt = TaskEvents.StateChanged(task.Id, current.State, change.To, change.Reason, change.By, change.At);
        return new TaskTransition(task, evt with { Position = InsertEvent(c, tx, evt) });
    }

    private List<(string TaskId, string Reason)> FindBlocked(DbConnection c, DbTransaction tx)
    {
        using var query = c.Command(BlockedSql, tx)
            .With("@queued", TaskState.Queued.WireName())
            .With("@waiting", TaskState.Waiting.WireName())
            .With("@failed", TaskState.Failed.WireName())
            .With("@cancelled", TaskState.Cancelled.WireName())
            .With("@escalated", TaskState.Escalated.WireName());
        var rows = query.ReadAll(r => (
            TaskId: r.GetString(0),
            Dependency: r.GetString(1),
            State: r.IsDBNull(2) ? "missing" : r.GetString(2)));
        // One reason per task: its first blocking dependency.
        return rows.DistinctBy(r => r.TaskId)
            .Select(r => (r.TaskId, $"dependency {r.Dependency} {r.State}"))
            .ToList();
    }

    private void InsertTask(DbConnection c, DbTransaction tx, TaskItem task)
    {
        try
        {
            using var command = c.Command(TaskRows.Insert, tx).Bind(task);
            command.ExecuteNonQuery();
        }
        catch (DbException ex) when (IsConstraint(ex))
        {
            throw Conflict(task.ExternalKey is { } key
                ? $"Cannot add task {task.Id}: a task with id {task.Id} or external key '{key}' already exists."
                : $"Cannot add task {task.Id}: a task with that id already exists.");
        }
    }

    private static TaskItem? SelectTask(DbConnection c, DbTransaction? tx, string column, string value)
    {
        using var command = c.Command($"SELECT * FROM tasks WHERE {column} = @value", tx).With("@value", value);
        return command.ReadFirst(TaskRows.Read);
    }
}
