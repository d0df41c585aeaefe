using System.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task AppendStageLogAsync(string runId, string stage, string text, long fence, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            RequireEpoch(c, tx, runId, fence);
            // The run's owner is its only writer (the epoch check above holds the run row), so the next number is free.
            using var command = c.Command("""
                    INSERT INTO stage_logs (run_id, stage, seq, text)
                    SELECT @run, @stage, COALESCE(MAX(seq), 0) + 1, @text FROM stage_logs WHERE run_id = @run AND stage = @stage
                    """, tx)
                .With("@run", runId).With("@stage", stage).With("@text", text);
            command.ExecuteNonQuery();
        }, ct);

    public Task<string?> ReadStageLogAsync(string runId, string stage, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT text FROM stage_logs WHERE run_id = @run AND stage = @stage ORDER BY seq")
                .With("@run", runId).With("@stage", stage);
            using var reader = command.ExecuteReader();
            StringBuilder? text = null;
            while (reader.Read())
            {
                (text ??= new StringBuilder()).Append(reader.GetString(0));
            }

            return text?.ToString();
        }, ct);
}
