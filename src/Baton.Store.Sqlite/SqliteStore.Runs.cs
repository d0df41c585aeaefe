using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Store.Sqlite.Errors;
using Baton.Store.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

public sealed partial class SqliteStore
{
    private static readonly string[] TerminalRunStates =
        Enum.GetValues<RunState>().Where(s => s.IsTerminal()).Select(s => s.WireName()).ToArray();

    public Task AddRunAsync(RunRecord run, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            try
            {
                using var command = c.Command(RunRows.Insert, tx).Bind(run);
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (StoreErrors.IsConstraint(ex))
            {
                throw StoreErrors.Conflict(
                    $"Cannot add run {run.Id}: a run with that id exists, or its task {run.TaskId} does not.");
            }
        }, ct);

    public Task<RunRecord?> GetRunAsync(string id, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT * FROM runs WHERE id = $id").With("$id", id);
            return command.ReadFirst(RunRows.Read);
        }, ct);

    public Task<IReadOnlyList<RunRecord>> ListRunsForTaskAsync(string taskId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM runs WHERE task_id = $task ORDER BY number, created_at, rowid")
                .With("$task", taskId);
            return command.ReadAll(RunRows.Read);
        }, ct);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM runs ORDER BY created_at DESC, rowid DESC LIMIT $limit")
                .With("$limit", limit);
            return command.ReadAll(RunRows.Read);
        }, ct);

    public Task<IReadOnlyList<RunRecord>> ListUnfinishedRunsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunRecord>>(c =>
        {
            using var command = c.Command("");
            var names = TerminalRunStates.Select((s, i) => $"$t{i}").ToList();
            for (var i = 0; i < names.Count; i++)
            {
                command.With(names[i], TerminalRunStates[i]);
            }

            command.CommandText =
                $"SELECT * FROM runs WHERE state NOT IN ({string.Join(", ", names)}) ORDER BY created_at, rowid";
            return command.ReadAll(RunRows.Read);
        }, ct);

    /// <summary>
    /// Stores the run whole, except that a stop request already stored is never cleared and the heartbeat never
    /// moves back: both are written by other processes while the owner holds an older copy of the record.
    /// </summary>
    public Task UpdateRunAsync(RunRecord run, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command(RunRows.Update, tx).Bind(run);
            RequireRow(command.ExecuteNonQuery(), run.Id);
        }, ct);

    public Task<bool> TryTakeOwnershipAsync(string runId, RunOwner? expectedOwner, RunOwner newOwner, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                    UPDATE runs SET owner_host = $new_host, owner_pid = $new_pid, owner_start_ticks = $new_start_ticks
                    WHERE id = $id AND (owner_host IS NULL OR (owner_host = $old_host AND owner_pid = $old_pid
                        AND owner_start_ticks = $old_start_ticks))
                    """, tx)
                .With("$id", runId)
                .BindOwner("new", newOwner)
                .BindOwner("old", expectedOwner);
            return command.ExecuteNonQuery() == 1;
        }, ct);

    public Task SetStopRequestedAsync(string runId, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("UPDATE runs SET stop_requested = 1 WHERE id = $id", tx).With("$id", runId);
            RequireRow(command.ExecuteNonQuery(), runId);
        }, ct);

    public Task HeartbeatAsync(string runId, DateTimeOffset at, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command(
                    "UPDATE runs SET heartbeat_at = max(coalesce(heartbeat_at, ''), $at) WHERE id = $id", tx)
                .With("$id", runId)
                .With("$at", UtcText.ToText(at));
            RequireRow(command.ExecuteNonQuery(), runId);
        }, ct);

    public Task UpsertStageAsync(StageRecord stage, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command(StageRows.Upsert, tx).Bind(stage);
            command.ExecuteNonQuery();
        }, ct);

    /// <summary>Stages of a run in the order they were first stored.</summary>
    public Task<IReadOnlyList<StageRecord>> ListStagesAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StageRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM stages WHERE run_id = $run ORDER BY rowid").With("$run", runId);
            return command.ReadAll(StageRows.Read);
        }, ct);

    public Task AddProcessGroupAsync(string runId, ProcessGroupRecord group, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command(StageRows.UpsertGroup, tx)
                .With("$run_id", runId)
                .With("$pgid", group.Pgid)
                .With("$start_ticks", group.StartTicks)
                .With("$stage", group.Stage);
            command.ExecuteNonQuery();
        }, ct);

    public Task RemoveProcessGroupAsync(string runId, int pgid, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("DELETE FROM process_groups WHERE run_id = $run AND pgid = $pgid", tx)
                .With("$run", runId)
                .With("$pgid", pgid);
            command.ExecuteNonQuery();
        }, ct);

    public Task<IReadOnlyList<ProcessGroupRecord>> ListProcessGroupsAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ProcessGroupRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM process_groups WHERE run_id = $run ORDER BY rowid")
                .With("$run", runId);
            return command.ReadAll(StageRows.ReadGroup);
        }, ct);

    private static void RequireRow(int changed, string runId)
    {
        if (changed == 0)
        {
            throw new KeyNotFoundException($"Run {runId} does not exist.");
        }
    }
}
