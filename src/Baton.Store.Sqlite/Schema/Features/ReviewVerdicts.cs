namespace Baton.Store.Sqlite.Schema;

/// <summary>Reviewers' verdicts per run, stage and attempt; findings as a JSON array.</summary>
internal static class ReviewVerdicts
{
    public static FeatureMigration Migration { get; } = new("review-verdicts", """
        CREATE TABLE review_verdicts (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            reviewer TEXT NOT NULL,
            verdict TEXT NOT NULL,
            summary TEXT,
            findings TEXT NOT NULL DEFAULT '[]',
            malformed INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL,
            PRIMARY KEY (run_id, stage, attempt, reviewer)
        ) STRICT;
        """);
}
