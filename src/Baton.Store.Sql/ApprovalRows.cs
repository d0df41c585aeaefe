using System.Data.Common;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="ApprovalRecord"/> from the <c>approvals</c> table.</summary>
internal static class ApprovalRows
{
    public static ApprovalRecord ReadApproval(DbDataReader reader)
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
