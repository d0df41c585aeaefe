namespace Baton.Store.Postgres.Schema;

/// <summary>
/// The PostgreSQL schema, as named migrations applied in list order and recorded by name (like the SQLite store's
/// features). Columns mirror the SQLite store's, so one set of row mappers reads both: timestamps are sortable UTC text,
/// flags 0/1 integers, lists JSON text, every integer a <c>bigint</c>. Ids and event types compare bytewise
/// (<c>COLLATE "C"</c>) whatever the database's locale, so ordering and the feed's type-prefix ranges match SQLite.
/// Tables read in insertion order carry an identity column named <c>rowid</c>, SQLite's implicit one. Nothing
/// released ever changes: databases in the field ran it.
/// </summary>
internal static class PgSchema
{
    public static IReadOnlyList<(string Name, string Sql)> Migrations { get; } =
    [
        ("initial", Initial),
        ("stage-logs", StageLogs),
        ("run-documents", RunDocuments),
        ("task-claims", TaskClaims),
        ("singleton-leases", SingletonLeases),
    ];

    private const string Initial = """
        CREATE TABLE tasks (
            id TEXT COLLATE "C" PRIMARY KEY,
            title TEXT NOT NULL,
            prompt TEXT NOT NULL,
            project TEXT,
            pipeline TEXT,
            agent TEXT,
            stage TEXT,
            source TEXT NOT NULL,
            requester TEXT,
            depends_on TEXT NOT NULL DEFAULT '[]',
            max_attempts BIGINT NOT NULL,
            priority BIGINT NOT NULL,
            labels TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL,
            attempts BIGINT NOT NULL,
            reason TEXT,
            external_key TEXT UNIQUE,
            created_at TEXT COLLATE "C" NOT NULL,
            updated_at TEXT NOT NULL,
            not_before TEXT COLLATE "C",
            command TEXT,
            quality_gates TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX tasks_by_state ON tasks (state, priority DESC, created_at, id);

        CREATE TABLE runs (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY,
            id TEXT COLLATE "C" PRIMARY KEY,
            task_id TEXT COLLATE "C" NOT NULL REFERENCES tasks (id),
            number BIGINT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            message TEXT,
            pipeline TEXT NOT NULL,
            project TEXT,
            branch TEXT,
            workspace TEXT,
            current_stage TEXT,
            owner_host TEXT,
            owner_pid BIGINT,
            owner_start_ticks BIGINT,
            stop_requested BIGINT NOT NULL DEFAULT 0,
            epoch BIGINT NOT NULL DEFAULT 0,
            created_at TEXT COLLATE "C" NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            heartbeat_at TEXT COLLATE "C"
        );
        CREATE INDEX runs_by_task ON runs (task_id, number);
        CREATE INDEX runs_by_created ON runs (created_at);
        CREATE INDEX runs_by_state ON runs (state);

        CREATE TABLE stages (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY,
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage_id TEXT NOT NULL,
            attempt BIGINT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            tries BIGINT NOT NULL,
            exit_code BIGINT,
            allowed_failure BIGINT NOT NULL,
            error TEXT,
            started_at TEXT,
            finished_at TEXT,
            PRIMARY KEY (run_id, stage_id, attempt)
        );

        CREATE TABLE process_groups (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY,
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            pgid BIGINT NOT NULL,
            start_ticks BIGINT NOT NULL,
            stage TEXT NOT NULL,
            PRIMARY KEY (run_id, pgid)
        );

        -- The feed's head: its row lock orders appenders, so positions become visible in order (see PostgresStore).
        CREATE TABLE feed_head (
            one BIGINT PRIMARY KEY CHECK (one = 1),
            position BIGINT NOT NULL
        );
        INSERT INTO feed_head (one, position) VALUES (1, 0);

        -- No foreign key to runs: task-level events (task.queued) come before any run exists.
        CREATE TABLE events (
            position BIGINT PRIMARY KEY,
            run_id TEXT COLLATE "C",
            seq BIGINT,
            ts TEXT NOT NULL,
            task_id TEXT COLLATE "C" NOT NULL,
            stage TEXT,
            type TEXT COLLATE "C" NOT NULL,
            data TEXT NOT NULL,
            CHECK ((run_id IS NULL) = (seq IS NULL))
        );
        CREATE UNIQUE INDEX events_by_run ON events (run_id, seq) WHERE run_id IS NOT NULL;
        CREATE INDEX events_by_task ON events (task_id, position);

        CREATE TABLE agent_sessions (
            task_id TEXT COLLATE "C" NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            session_id TEXT NOT NULL,
            input_tokens BIGINT NOT NULL DEFAULT 0,
            cached_input_tokens BIGINT NOT NULL DEFAULT 0,
            output_tokens BIGINT NOT NULL DEFAULT 0,
            reasoning_tokens BIGINT NOT NULL DEFAULT 0,
            cost_usd TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (task_id, agent)
        );

        CREATE TABLE stage_outputs (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, stage)
        );

        CREATE TABLE chat_values (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE chat_handled (
            event_id TEXT PRIMARY KEY,
            at TEXT COLLATE "C" NOT NULL
        );

        CREATE TABLE chat_rooms (
            room_id TEXT COLLATE "C" PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            project TEXT,
            task_id TEXT,
            run_id TEXT,
            cursor BIGINT NOT NULL DEFAULT 0,
            status_txn TEXT,
            status_edits BIGINT NOT NULL DEFAULT 0,
            status_edited_at TEXT,
            request_room_id TEXT,
            request_event_id TEXT,
            created_at TEXT COLLATE "C" NOT NULL,
            UNIQUE (kind, key)
        );

        CREATE TABLE chat_outbox (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            room_id TEXT NOT NULL,
            txn_id TEXT NOT NULL UNIQUE,
            event_type TEXT NOT NULL,
            content TEXT NOT NULL,
            event_id TEXT
        );
        CREATE INDEX chat_outbox_pending ON chat_outbox (id) WHERE event_id IS NULL;

        CREATE TABLE gate_results (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            idx BIGINT NOT NULL,
            attempt BIGINT NOT NULL,
            command TEXT NOT NULL,
            passed BIGINT NOT NULL,
            exit_code BIGINT,
            timed_out BIGINT NOT NULL,
            seconds DOUBLE PRECISION NOT NULL,
            output_tail TEXT NOT NULL,
            PRIMARY KEY (run_id, idx)
        );

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE sync_outbox (
            run_id TEXT COLLATE "C" PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            queued_at TEXT COLLATE "C" NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at TEXT COLLATE "C" NOT NULL,
            last_error TEXT,
            delivered_at TEXT
        );
        CREATE INDEX sync_outbox_due ON sync_outbox (next_attempt_at) WHERE delivered_at IS NULL;

        CREATE TABLE approvals (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY,
            id TEXT PRIMARY KEY,
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            task_id TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            question TEXT NOT NULL,
            stage TEXT,
            attempt BIGINT NOT NULL,
            requested_at TEXT COLLATE "C" NOT NULL,
            answer TEXT,
            answered_by TEXT,
            answered_at TEXT,
            note TEXT,
            UNIQUE (run_id, key)
        );
        CREATE INDEX approvals_pending ON approvals (requested_at) WHERE answer IS NULL;

        CREATE TABLE review_verdicts (
            rowid BIGINT GENERATED ALWAYS AS IDENTITY,
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            attempt BIGINT NOT NULL,
            reviewer TEXT NOT NULL,
            verdict TEXT NOT NULL,
            summary TEXT,
            findings TEXT NOT NULL DEFAULT '[]',
            malformed BIGINT NOT NULL DEFAULT 0,
            at TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (run_id, stage, attempt, reviewer)
        );
        """;

    /// <summary>The store's copy of each stage's raw log, in numbered pieces, readable from any node.</summary>
    private const string StageLogs = """
        CREATE TABLE stage_logs (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage TEXT COLLATE "C" NOT NULL,
            seq BIGINT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, stage, seq)
        );
        """;

    private const string RunDocuments = """
        CREATE TABLE run_documents (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT COLLATE "C" NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        """;

    /// <summary>Who claimed a running task, and when: a claim whose claimer died before writing its run goes back at once.</summary>
    private const string TaskClaims = """
        ALTER TABLE tasks ADD COLUMN claim_host TEXT;
        ALTER TABLE tasks ADD COLUMN claim_pid BIGINT;
        ALTER TABLE tasks ADD COLUMN claim_start_ticks BIGINT;
        ALTER TABLE tasks ADD COLUMN claimed_at TEXT;
        """;

    /// <summary>Leases on work only one node may do at a time (the Matrix bridge): holder, epoch, when it runs out.</summary>
    private const string SingletonLeases = """
        CREATE TABLE singleton_leases (
            name TEXT COLLATE "C" PRIMARY KEY,
            holder TEXT,
            epoch BIGINT NOT NULL,
            expires_at TEXT COLLATE "C" NOT NULL
        );
        """;
}
