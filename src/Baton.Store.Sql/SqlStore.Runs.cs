using System.Data.Common;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    private static readonly string[] TerminalRunStates =
        Enum.GetValues<RunState>().Where(s => s.IsTerminal()).Select(s => s.WireName()).ToArray();

    public Task<RunRecord> AddRunAsync(RunRecord run, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var stored = run with { Epoch = run.Owner is null ? 0 : 1 };
            try
            {
                using var command = c.Command(RunRows.Insert, tx).Bind(stored);
                command.ExecuteNonQuery();
            }
            catch (DbException ex) when (IsConstraint(ex))
            {
                throw Conflict(
                    $"Cannot add run {run.Id}: a run with that id exists, or its task {run.TaskId} does not.");
            }

            using var count = c.Command("UPDATE tasks SET attempts = CASE WHEN attempts > @number THEN attempts ELSE @number END WHERE id = @task", tx)
                .With("@number", run.Number)
                .With("@task", run.TaskId);
            count.ExecuteNonQuery();
            using var select = c.Command("SELECT * FROM runs WHERE id = @id", tx).With("@id", run.Id);
            return select.ReadFirst(RunRows.Read)!;
        }, ct);

    public Task<RunRecord?> GetRunAsync(string id, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT * FROM runs WHERE id = @id").With("@id", id);
            return command.ReadFirst(RunRows.Read);
        }, ct);

    public Task<IReadOnlyList<RunRecord>> ListRunsForTaskAsync(string taskId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM runs WHERE task_id = @task ORDER BY number, created_at, rowid")
                .With("@task", taskId);
            return command.ReadAll(RunRows.Read);
        }, ct);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM runs ORDER BY created_at DESC, rowid DESC LIMIT @limit")
                .With("@limit", limit);
            return command.ReadAll(RunRows.Read);
        }, ct);

    public Task<IReadOnlyList<RunRecord>> ListUnfinishedRunsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunRecord>>(c =>
        {
            using var command = c.Command("");
            var names = TerminalRunStates.Select((s, i) => $"@t{i}").ToList();
            for (var i = 0; i < names.Count; i++)
            {
                command.With(names[i], TerminalRunStates[i]);
            }

            command.CommandText =
                $"SELECT * FROM runs WHERE state NOT IN ({string.Join(", ", names)}) ORDER BY created_at, rowid";
            return command.ReadAll(RunRows.Read);
        }, ct);

    public Task<long?> TryTakeOwnershipAsync(string runId, RunOwner? expectedOwner, RunOwner newOwner, DateTimeOffset at, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                    UPDATE runs SET owner_host = @new_host, owner_pid = @new_pid, owner_start_ticks = @new_start_ticks,
                        epoch = epoch + 1, heartbeat_at = CASE WHEN heartbeat_at > @at THEN heartbeat_at ELSE @at END
                    WHERE id = @id AND ((owner_host IS NULL AND @old_host IS NULL) OR (owner_host = @old_host AND owner_pid = @old_pid
                        AND owner_start_ticks = @old_start_ticks))
                    RETURNING epoch
                    """, tx)
                .With("@id", runId)
                .With("@at", UtcText.ToText(at))
                .BindOwner("new", newOwner)
                .BindOwner("old", expectedOwner);
            return command.ExecuteScalar() is long epoch ? epoch : (long?)null;
        }, ct);

    public Task<RunRecord> TransitionRunAsync(RunChange change, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var select = c.Command($"SELECT * FROM runs WHERE id = @id{_dialect.ForUpdate}", tx).With("@id", change.RunId);
            var current = select.ReadFirst(RunRows.Read) ?? throw new KeyNotFoundException($"Run {change.RunId} does not exist.");
            if (current.Epoch != change.Epoch)
            {
                throw new StoreException(
                    StoreErrorCategory.Fenced,
                    $"Run {change.RunId} was taken over (epoch {current.Epoch}, this writer holds {change.Epoch}); this process no longer owns it.");
            }

            if (change.To is { } to)
            {
                RunTransitions.Check(current.Id, current.State, to);
            }

            using var update = c.Command(RunRows.Transition, tx).Bind(change);
            return update.ReadFirst(RunRows.Read)!;
        }, ct);

    public Task SetStopRequestedAsync(string runId, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("UPDATE runs SET stop_requested = 1 WHERE id = @id", tx).With("@id", runId);
            RequireRow(command.ExecuteNonQuery(), runId);
        }, ct);

    public Task<DateTimeOffset?> ReadClockAsync(CancellationToken ct) =>
        _dialect.ClockQuery is not { } query
            ? Task.FromResult<DateTimeOffset?>(null)
            : ReadAsync<DateTimeOffset?>(c =>
            {
                using var command = c.Command(query);
                return command.ExecuteScalar() switch
                {
                    DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
                    DateTimeOffset at => at,
                    var other => throw new InvalidOperationException($"The store's clock answered {other?.GetType().Name ?? "nothing"}, not a time."),
                };
            }, ct);

    public Task<RunBeat> HeartbeatAsync(string runId, long epoch, DateTimeOffset at, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                    UPDATE runs SET heartbeat_at = CASE WHEN heartbeat_at > @at THEN heartbeat_at ELSE @at END
                    WHERE id = @id AND epoch = @epoch
                    RETURNING stop_requested
                    """, tx)
                .With("@id", runId)
                .With("@epoch", epoch)
                .With("@at", UtcText.ToText(at));
            if (command.ExecuteScalar() is long stop)
            {
                return new RunBeat(true, stop != 0);
            }

            using var exists = c.Command("SELECT stop_requested FROM runs WHERE id = @id", tx).With("@id", runId);
            return exists.ExecuteScalar() is long requested
                ? new RunBeat(false, requested != 0)
                : throw new KeyNotFoundException($"Run {runId} does not exist.");
        }, ct);

    public Task AddGateResultAsync(string runId, GateResult result, CancellationToken ct) => AddGateResultAsync(runId, result, null, ct);

    public Task AddGateResultAsync(string runId, GateResult result, long fence, CancellationToken ct) => AddGateResultAsync(runId, result, (long?)fence, ct);

    private Task<bool> AddGateResultAsync(string runId, GateResult result, long? fence, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            if (fence is { } epoch)
            {
                RequireEpoch(c, tx, runId, epoch);
            }

            using var command = c.Command(GateRows.Insert, tx).Bind(runId, result);
            command.ExecuteNonQuery();
        }, ct);

    public Task<IReadOnlyList<GateResult>> ListGateResultsAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<GateResult>>(c =>
        {
            using var command = c.Command("SELECT * FROM gate_results WHERE run_id = @run ORDER BY idx").With("@run", runId);
            return command.ReadAll(GateRows.Read);
        }, ct);

    public Task UpsertStageAsync(StageRecord stage, CancellationToken ct) => UpsertStageAsync(stage, null, ct);

    public Task UpsertStageAsync(StageRecord stage, long fence, CancellationToken ct) => UpsertStageAsync(stage, (long?)fence, ct);

    private Task<bool> UpsertStageAsync(StageRecord stage, long? fence, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            if (fence is { } epoch)
            {
                RequireEpoch(c, tx, stage.RunId, epoch);
            }

            using var command = c.Command(StageRows.Upsert, tx).Bind(stage);
            command.ExecuteNonQuery();
        }, ct);

    /// <summary>Stages of a run in the order they were first stored.</summary>
    public Task<IReadOnlyList<StageRecord>> ListStagesAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StageRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM stages WHERE run_id = @run ORDER BY rowid").With("@run", runId);
            return command.ReadAll(StageRows.Read);
        }, ct);

    public Task AddProcessGroupAsync(string runId, ProcessGroupRecord group, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command(StageRows.UpsertGroup, tx)
                .With("@run_id", runId)
                .With("@pgid", group.Pgid)
                .With("@start_ticks", group.StartTicks)
                .With("@stage", group.Stage);
            command.ExecuteNonQuery();
        }, ct);

    public Task RemoveProcessGroupAsync(string runId, int pgid, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("DELETE FROM process_groups WHERE run_id = @run AND pgid = @pgid", tx)
                .With("@run", runId)
                .With("@pgid", pgid);
            command.ExecuteNonQuery();
        }, ct);

    public Task<IReadOnlyList<ProcessGroupRecord>> ListProcessGroupsAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ProcessGroupRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM process_groups WHERE run_id = @run ORDER BY rowid")
                .With("@run", runId);
            return command.ReadAll(StageRows.ReadGroup);
        }, ct);

    /// <summary>
    /// Fails the write transaction with <see cref="StoreErrorCategory.Fenced"/> unless the run still holds
    /// <paramref name="epoch"/>; the row stays locked against a takeover (which bumps the epoch) until the write commits.
    /// </summary>
    private void RequireEpoch(DbConnection c, DbTransaction tx, string runId, long epoch)
    {
        using var command = c.Command($"SELECT epoch FROM runs WHERE id = @id{_dialect.ForShare}", tx).With("@id", runId);
        var current = command.ExecuteScalar() is long value ? value : throw new KeyNotFoundException($"Run {runId} does not exist.");
        if (current != epoch)
        {
            throw new StoreException(
                StoreErrorCategory.Fenced,
                $"Run {runId} was taken over (epoch {current}, this writer holds {epoch}); this process no longer owns it and wrote nothing.");
        }
    }

    private static void RequireRow(int changed, string runId)
    {
        if (changed == 0)
        {
            throw new KeyNotFoundException($"Run {runId} does not exist.");
        }
    }
}
