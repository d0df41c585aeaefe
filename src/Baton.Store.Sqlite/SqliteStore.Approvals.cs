using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Store.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

public sealed partial class SqliteStore
{
    public Task<ApprovalRecord> AskAsync(ApprovalRecord question, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using (var insert = c.Command("""
                INSERT INTO approvals (id, run_id, task_id, key, kind, question, stage, attempt, requested_at)
                VALUES ($id, $run_id, $task_id, $key, $kind, $question, $stage, $attempt, $at)
                ON CONFLICT (run_id, key) DO NOTHING
                """, tx))
            {
                insert.With("$id", question.Id).With("$run_id", question.RunId).With("$task_id", question.TaskId).With("$key", question.Key)
                    .With("$kind", question.Kind.WireName()).With("$question", question.Question).With("$stage", question.Stage)
                    .With("$attempt", question.Attempt).With("$at", UtcText.ToText(question.RequestedAt))
                    .ExecuteNonQuery();
            }

            using var read = c.Command("SELECT * FROM approvals WHERE run_id = $run_id AND key = $key", tx)
                .With("$run_id", question.RunId).With("$key", question.Key);
            return read.ReadFirst(ReadApproval)!;
        }, ct);

    public Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ApprovalRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM approvals WHERE run_id = $run_id ORDER BY requested_at, rowid").With("$run_id", runId);
            return command.ReadAll(ReadApproval);
        }, ct);

    public Task<IReadOnlyList<ApprovalRecord>> ListPendingApprovalsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ApprovalRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM approvals WHERE answer IS NULL ORDER BY requested_at, rowid");
            return command.ReadAll(ReadApproval);
        }, ct);

    public Task<(ApprovalRecord? Stored, bool Answered)> AnswerAsync(
        string id, ApprovalAnswer answer, string by, DateTimeOffset at, string? note, CancellationToken ct) =>
        WriteAsync<(ApprovalRecord?, bool)>((c, tx) =>
        {
            int changed;
            using (var update = c.Command("""
                UPDATE approvals SET answer = $answer, answered_by = $by, answered_at = $at, note = $note
                WHERE id = $id AND answer IS NULL
                """, tx))
            {
                changed = update.With("$id", id).With("$answer", answer.WireName()).With("$by", by).With("$at", UtcText.ToText(at))
                    .With("$note", note).ExecuteNonQuery();
            }

            using var read = c.Command("SELECT * FROM approvals WHERE id = $id", tx).With("$id", id);
            return (read.ReadFirst(ReadApproval), changed == 1);
        }, ct);

    private static ApprovalRecord ReadApproval(SqliteDataReader reader)
    {
        var row = new Row(reader);
        return new ApprovalRecord
        {
            Id = row.Text("id"),
            RunId = row.Text("run_id"),
            TaskId = row.Text("task_id"),
            Key = row.Text("key"),
            Kind = row.Enum<ApprovalKind>("kind"),
            Question = row.Text("question"),
            Stage = row.TextOrNull("stage"),
            Attempt = row.Int("attempt"),
            RequestedAt = row.Time("requested_at"),
            Answer = row.EnumOrNull<ApprovalAnswer>("answer"),
            AnsweredBy = row.TextOrNull("answered_by"),
            AnsweredAt = row.TimeOrNull("answered_at"),
            Note = row.TextOrNull("note"),
        };
    }
}
