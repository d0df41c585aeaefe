namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task SaveRunDocumentAsync(string runId, string name, string json, long fence, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            RequireEpoch(c, tx, runId, fence);
            using var command = c.Command("""
                    INSERT INTO run_documents (run_id, name, body) VALUES (@run, @name, @body)
                    ON CONFLICT (run_id, name) DO UPDATE SET body = excluded.body
                    """, tx)
                .With("@run", runId).With("@name", name).With("@body", json);
            command.ExecuteNonQuery();
        }, ct);

    public Task<string?> ReadRunDocumentAsync(string runId, string name, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT body FROM run_documents WHERE run_id = @run AND name = @name")
                .With("@run", runId).With("@name", name);
            return command.ExecuteScalar() as string;
        }, ct);
}
