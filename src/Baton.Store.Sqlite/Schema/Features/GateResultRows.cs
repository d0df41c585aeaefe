namespace Baton.Store.Sqlite.Schema;

/// <summary>Gate results as rows (they were only in <c>gate.finished</c> events); earlier runs' results are copied over.</summary>
internal static class GateResultRows
{
    public static FeatureMigration Migration { get; } = new("gate-results", """
        CREATE TABLE gate_results (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            command TEXT NOT NULL,
            passed INTEGER NOT NULL,
            exit_code INTEGER,
            timed_out INTEGER NOT NULL,
            seconds REAL NOT NULL,
            output_tail TEXT NOT NULL,
            PRIMARY KEY (run_id, idx)
        ) STRICT;
        INSERT INTO gate_results (run_id, idx, attempt, command, passed, exit_code, timed_out, seconds, output_tail)
            SELECT e.run_id, row_number() OVER (PARTITION BY e.run_id ORDER BY e.seq),
                coalesce(json_extract(e.data, '$.attempt'), 1), coalesce(json_extract(e.data, '$.command'), ''),
                coalesce(json_extract(e.data, '$.passed'), 0), json_extract(e.data, '$.exit_code'),
                coalesce(json_extract(e.data, '$.timed_out'), 0), coalesce(json_extract(e.data, '$.seconds'), 0.0),
                coalesce(json_extract(e.data, '$.output_tail'), '')
            FROM events e JOIN runs r ON r.id = e.run_id
            WHERE e.type = 'gate.finished';
        """);
}
