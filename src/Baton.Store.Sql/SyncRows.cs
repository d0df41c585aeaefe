using System.Data.Common;
using Baton.Core.Ports;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="SyncItem"/> from the <c>sync_outbox</c> table.</summary>
internal static class SyncRows
{
    public static SyncItem ReadSync(DbDataReader reader)
    {
        var row = new Row(reader);
        return new SyncItem(row.Text("run_id"), row.Time("queued_at"), row.Int("attempts"), row.Time("next_attempt_at"), row.TextOrNull("last_error"), row.TimeOrNull("delivered_at"));
    }
}
