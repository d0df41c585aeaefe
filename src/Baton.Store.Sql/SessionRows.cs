using System.Data.Common;
using System.Globalization;
using Baton.Core.Agents;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps <see cref="AgentSession"/> from the <c>agent_sessions</c> table.</summary>
internal static class SessionRows
{
    public static AgentSession ReadSession(DbDataReader reader)
    {
        var row = new Row(reader);
        return new AgentSession
        {
            TaskId = row.Text("task_id"),
            Agent = row.Text("agent"),
            SessionId = row.Text("session_id"),
            Usage = new AgentUsage
            {
                InputTokens = row.Long("input_tokens"),
                CachedInputTokens = row.Long("cached_input_tokens"),
                OutputTokens = row.Long("output_tokens"),
                ReasoningTokens = row.Long("reasoning_tokens"),
                CostUsd = row.TextOrNull("cost_usd") is { } cost ? decimal.Parse(cost, CultureInfo.InvariantCulture) : null,
            },
            UpdatedAt = row.Time("updated_at"),
        };
    }
}
