using System.Data.Common;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task<ApprovalRecord> AskAsync(ApprovalRecord question, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using (var insert = c.Command("""
                INSERT INTO approvals (id, run_id, task_id, key, kind, question, stage, attempt, requested_at)
                VALUES (@id, @run_id, @task_id, @key, @kind, @question, @stage, @attempt, @at)
                ON CONFLICT (run_id, key) DO NOTHING
                """, tx))
            {
                insert.With("@id", question.Id).With("@run_id", question.RunId).With("@task_id", question.TaskId).With("@key", question.Key)
                    .With("@kind", question.Kind.WireName()).With("@question", question.Question).With("@stage", question.Stage)
                    .With("@attempt", question.Attempt).With("@at", UtcText.ToText(question.RequestedAt))
                    .ExecuteNonQuery();
            }

            using var read = c.Command("SELECT * FROM approvals WHERE run_id = @run_id AND key = @key", tx)
                .With("@run_id", question.RunId).With("@key", question.Key);
            return read.ReadFirst(ApprovalRows.ReadApproval)!;
        }, ct);

    public Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(string runId, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ApprovalRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM approvals WHERE run_id = @run_id ORDER BY requested_at, rowid").With("@run_id", runId);
            return command.ReadAll(ApprovalRows.ReadApproval);
        }, ct);

    public Task<IReadOnlyList<ApprovalRecord>> ListPendingApprovalsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ApprovalRecord>>(c =>
        {
            using var command = c.Command("SELECT * FROM approvals WHERE answer IS NULL ORDER BY requested_at, rowid");
            return command.ReadAll(ApprovalRows.ReadApproval);
        }, ct);

    public Task<(ApprovalRecord? Stored, bool Answered)> AnswerAsync(
        string id, ApprovalAnswer answer, string by, DateTimeOffset at, string? note, CancellationToken ct) =>
        WriteAsync<(ApprovalRecord?, bool)>((c, tx) =>
        {
            int changed;
            using (var update = c.Command("""
                UPDATE approvals SET answer = @answer, answered_by = @by, answered_at = @at, note = @note
                WHERE id = @id AND answer IS NULL
                """, tx))
            {
                changed = update.With("@id", id).With("@answer", answer.WireName()).With("@by", by).With("@at", UtcText.ToText(at))
                    .With("@note", note).ExecuteNonQuery();
            }

            using var read = c.Command("SELECT * FROM approvals WHERE id = @id", tx).With("@id", id);
            return (read.ReadFirst(ApprovalRows.ReadApproval), changed == 1);
        }, ct);

}
