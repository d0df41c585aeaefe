using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task<int> PruneRunEventsAsync(DateTimeOffset finishedBefore, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            var states = string.Join(", ", TerminalRunStates.Select((_, i) => $"@t{i}"));
            var ended = $"SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < @before AND state IN ({states})";
            using var logs = c.Command($"DELETE FROM stage_logs WHERE run_id IN ({ended})", tx);
            using var events = c.Command($"DELETE FROM events WHERE run_id IN ({ended})", tx);
            foreach (var command in new[] { logs, events })
            {
                command.With("@before", UtcText.ToText(finishedBefore));
                for (var i = 0; i < TerminalRunStates.Length; i++)
                {
                    command.With($"@t{i}", TerminalRunStates[i]);
                }
            }

            logs.ExecuteNonQuery();
            return events.ExecuteNonQuery();
        }, ct);
}
