using Baton.Core.Text;
namespace Baton.Store.Sqlite.Schema;

/// <summary>
/// The schema: three numbered steps from before features had names (step <c>i</c> takes the database to version
/// <c>i + 1</c>), then named feature migrations (<see cref="Features"/>), applied in list order and recorded by name so
/// work on different features never collides on a number. Nothing released ever changes: databases in the field ran it.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        V1Initial,
        V2AgentState,
        V3ChatState,
    ];

    /// <summary>Named migrations, one per feature, each in its own file under <c>Features/</c>.</summary>
    public static IReadOnlyList<FeatureMigration> Features { get; } =
    [
        FeedPositions.Migration,
        ChatFeedCursors.Migration,
        RunEpochs.Migration,
        GateResultRows.Migration,
        QueueSettings.Migration,
        SyncOutbox.Migration,
        TaskCommands.Migration,
        Approvals.Migration,
        ReviewVerdicts.Migration,
        StageLogs.Migration,
        RunDocuments.Migration,
        TaskClaims.Migration,
        SingletonLeases.Migration,
    ];

    /// <summary>The last numbered step.</summary>
    public static int Latest => Steps.Count;

    /// <summary>Every step and feature: the schema version a fully migrated database reports.</summary>
    public static int All => Steps.Count + Features.Count;

    // Enum columns hold snake_case wire names; timestamps hold UtcText; lists hold JSON arrays.
    private const string V1Initial = """
        CREATE TABLE tasks (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            prompt TEXT NOT NULL,
            project TEXT,
            pipeline TEXT,
            agent TEXT,
            stage TEXT,
            source TEXT NOT NULL,
            requester TEXT,
            depends_on TEXT NOT NULL DEFAULT '[]',
            max_attempts INTEGER NOT NULL,
            priority INTEGER NOT NULL,
            labels TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            reason TEXT,
            external_key TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            not_before TEXT
        ) STRICT;
        CREATE INDEX tasks_by_state ON tasks (state, priority DESC, created_at, id);

        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES tasks (id),
            number INTEGER NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            message TEXT,
            pipeline TEXT NOT NULL,
            project TEXT,
            branch TEXT,
            workspace TEXT,
            current_stage TEXT,
            owner_host TEXT,
            owner_pid INTEGER,
            owner_start_ticks INTEGER,
            stop_requested INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            heartbeat_at TEXT
        ) STRICT;
        CREATE INDEX runs_by_task ON runs (task_id, number);
        CREATE INDEX runs_by_created ON runs (created_at);
        CREATE INDEX runs_by_state ON runs (state);

        CREATE TABLE stages (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            tries INTEGER NOT NULL,
            exit_code INTEGER,
            allowed_failure INTEGER NOT NULL,
            error TEXT,
            started_at TEXT,
            finished_at TEXT,
            PRIMARY KEY (run_id, stage_id, attempt)
        ) STRICT;

        CREATE TABLE process_groups (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            pgid INTEGER NOT NULL,
            start_ticks INTEGER NOT NULL,
            stage TEXT NOT NULL,
            PRIMARY KEY (run_id, pgid)
        ) STRICT;

        -- No foreign key to runs: task-level events (task.queued) come before any run exists.
        CREATE TABLE events (
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ts TEXT NOT NULL,
            task_id TEXT NOT NULL,
            stage TEXT,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (run_id, seq)
        ) STRICT, WITHOUT ROWID;
        """;

    private const string V2AgentState = """
        CREATE TABLE agent_sessions (
            task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            session_id TEXT NOT NULL,
            input_tokens INTEGER NOT NULL DEFAULT 0,
            cached_input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            reasoning_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (task_id, agent)
        ) STRICT;

        CREATE TABLE stage_outputs (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, stage)
        ) STRICT;
        """;

    private const string V3ChatState = """
        CREATE TABLE chat_values (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE chat_handled (
            event_id TEXT PRIMARY KEY,
            at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE chat_rooms (
            room_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            project TEXT,
            task_id TEXT,
            run_id TEXT,
            cursor INTEGER NOT NULL DEFAULT 0,
            status_txn TEXT,
            status_edits INTEGER NOT NULL DEFAULT 0,
            status_edited_at TEXT,
            request_room_id TEXT,
            request_event_id TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (kind, key)
        ) STRICT;

        CREATE TABLE chat_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            room_id TEXT NOT NULL,
            txn_id TEXT NOT NULL UNIQUE,
            event_type TEXT NOT NULL,
            content TEXT NOT NULL,
            event_id TEXT
        ) STRICT;
        CREATE INDEX chat_outbox_pending ON chat_outbox (id) WHERE event_id IS NULL;
        """;
}
