using System.Globalization;
using Baton.Core.Agents;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task<AgentSession?> GetSessionAsync(string taskId, string agent, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT * FROM agent_sessions WHERE task_id = @task AND agent = @agent")
                .With("@task", taskId).With("@agent", agent);
            return command.ReadFirst(SessionRows.ReadSession);
        }, ct);

    public Task SaveSessionAsync(AgentSession session, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                    INSERT INTO agent_sessions (task_id, agent, session_id, input_tokens, cached_input_tokens, output_tokens,
                        reasoning_tokens, cost_usd, updated_at)
                    VALUES (@task, @agent, @session, @input, @cached, @output, @reasoning, @cost, @at)
                    ON CONFLICT (task_id, agent) DO UPDATE SET session_id = excluded.session_id,
                        input_tokens = excluded.input_tokens, cached_input_tokens = excluded.cached_input_tokens,
                        output_tokens = excluded.output_tokens, reasoning_tokens = excluded.reasoning_tokens,
                        cost_usd = excluded.cost_usd, updated_at = excluded.updated_at
                    """, tx)
                .With("@task", session.TaskId)
                .With("@agent", session.Agent)
                .With("@session", session.SessionId)
                .With("@input", session.Usage.InputTokens)
                .With("@cached", session.Usage.CachedInputTokens)
                .With("@output", session.Usage.OutputTokens)
                .With("@reasoning", session.Usage.ReasoningTokens)
                .With("@cost", session.Usage.CostUsd?.ToString(CultureInfo.InvariantCulture))
                .With("@at", UtcText.ToText(session.UpdatedAt));
            command.ExecuteNonQuery();
        }, ct);

    public Task ForgetSessionAsync(string taskId, string agent, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("DELETE FROM agent_sessions WHERE task_id = @task AND agent = @agent", tx)
                .With("@task", taskId).With("@agent", agent);
            command.ExecuteNonQuery();
        }, ct);

    public Task SaveStageOutputAsync(string runId, string stage, string text, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                    INSERT INTO stage_outputs (run_id, stage, text) VALUES (@run, @stage, @text)
                    ON CONFLICT (run_id, stage) DO UPDATE SET text = excluded.text
                    """, tx)
                .With("@run", runId).With("@stage", stage).With("@text", text);
            command.ExecuteNonQuery();
        }, ct);

    public Task<string?> GetStageOutputAsync(string runId, string stage, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT text FROM stage_outputs WHERE run_id = @run AND stage = @stage")
                .With("@run", runId).With("@stage", stage);
            return command.ExecuteScalar() as string;
        }, ct);

}
