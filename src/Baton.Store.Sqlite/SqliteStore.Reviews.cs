using System.Text;
using System.Text.Json;
using Baton.Core.Reviews;
using Baton.Core.Text;
using Baton.Store.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

public sealed partial class SqliteStore
{
    public Task AddVerdictAsync(ReviewVerdictRecord verdict, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                INSERT INTO review_verdicts (run_id, stage, attempt, reviewer, verdict, summary, findings, malformed, at)
                VALUES ($run_id, $stage, $attempt, $reviewer, $verdict, $summary, $findings, $malformed, $at)
                ON CONFLICT (run_id, stage, attempt, reviewer) DO UPDATE SET verdict = excluded.verdict, summary = excluded.summary,
                    findings = excluded.findings, malformed = excluded.malformed, at = excluded.at
                """, tx);
            command.With("$run_id", verdict.RunId).With("$stage", verdict.Stage).With("$attempt", verdict.Attempt)
                .With("$reviewer", verdict.Reviewer).With("$verdict", verdict.Verdict.WireName()).With("$summary", verdict.Summary)
                .With("$findings", FindingsJson(verdict.Findings)).With("$malformed", verdict.Malformed ? 1 : 0)
                .With("$at", UtcText.ToText(verdict.At))
                .ExecuteNonQuery();
        }, ct);

    public Task<IReadOnlyList<ReviewVerdictRecord>> ListVerdictsAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ReviewVerdictRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM review_verdicts WHERE run_id = $run_id ORDER BY at, rowid").With("$run_id", runId);
            return command.ReadAll(ReadVerdict);
        }, ct);

    private static ReviewVerdictRecord ReadVerdict(SqliteDataReader reader)
    {
        var row = new Row(reader);
        return new ReviewVerdictRecord
        {
            RunId = row.Text("run_id"),
            Stage = row.Text("stage"),
            Attempt = row.Int("attempt"),
            Reviewer = row.Text("reviewer"),
            Verdict = row.Enum<Verdict>("verdict"),
            Summary = row.TextOrNull("summary"),
            Findings = ReadFindings(row.Text("findings")),
            Malformed = row.Bool("malformed"),
            At = row.Time("at"),
        };
    }

    private static string FindingsJson(IReadOnlyList<ReviewFinding> findings)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var f in findings)
            {
                json.WriteStartObject();
                if (f.File is not null)
                {
                    json.WriteString("file", f.File);
                }

                if (f.Line is { } line)
                {
                    json.WriteNumber("line", line);
                }

                if (f.Severity is not null)
                {
                    json.WriteString("severity", f.Severity);
                }

                json.WriteString("note", f.Note);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<ReviewFinding> ReadFindings(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return
        [
            .. doc.RootElement.EnumerateArray().Select(f => new ReviewFinding(
                f.TryGetProperty("file", out var file) ? file.GetString() : null,
                f.TryGetProperty("line", out var line) ? line.GetInt32() : null,
                f.TryGetProperty("severity", out var severity) ? severity.GetString() : null,
                f.TryGetProperty("note", out var note) ? note.GetString() ?? "" : "")),
        ];
    }
}
