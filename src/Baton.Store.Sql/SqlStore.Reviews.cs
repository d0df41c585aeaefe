using System.Data.Common;
using System.Text;
using System.Text.Json;
using Baton.Core.Reviews;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task AddVerdictAsync(ReviewVerdictRecord verdict, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                INSERT INTO review_verdicts (run_id, stage, attempt, reviewer, verdict, summary, findings, malformed, at)
                VALUES (@run_id, @stage, @attempt, @reviewer, @verdict, @summary, @findings, @malformed, @at)
                ON CONFLICT (run_id, stage, attempt, reviewer) DO UPDATE SET verdict = excluded.verdict, summary = excluded.summary,
                    findings = excluded.findings, malformed = excluded.malformed, at = excluded.at
                """, tx);
            command.With("@run_id", verdict.RunId).With("@stage", verdict.Stage).With("@attempt", verdict.Attempt)
                .With("@reviewer", verdict.Reviewer).With("@verdict", verdict.Verdict.WireName()).With("@summary", verdict.Summary)
                .With("@findings", VerdictRows.FindingsJson(verdict.Findings)).With("@malformed", verdict.Malformed)
                .With("@at", UtcText.ToText(verdict.At))
                .ExecuteNonQuery();
        }, ct);

    public Task<IReadOnlyList<ReviewVerdictRecord>> ListVerdictsAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ReviewVerdictRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM review_verdicts WHERE run_id = @run_id ORDER BY at, rowid").With("@run_id", runId);
            return command.ReadAll(VerdictRows.ReadVerdict);
        }, ct);



}
