using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Processes;
using Baton.Engine.Supervision;

namespace Baton.Engine.Execution;

/// <summary>
/// Routes an adapter's events into the run's journal under the stage, and its raw output to the stage log. Usage is
/// priced from the agent's <c>price</c> when the CLI reports no cost, and counted against the task's budget: past it
/// the run's work is cancelled. The agent's actions go through the command policy, before they run where the CLI
/// asks first and after the fact for every command it reports (one its CLI refused by its own rules is only recorded).
/// </summary>
public sealed class StageAgentSink(EngineServices services, RunContext ctx, string stage, TextWriter log, AgentConfig? agent = null) : IAgentEventSink
{
    private readonly Oversight.AgentActionGate _policy = new(services, ctx, stage, agent);

    public ProcessCallbacks ProcessCallbacks { get; } = new ProcessSupervisor(services).Callbacks(ctx, stage, TextWriter.Null);

    public Task<ActionDecision> DecideAsync(AgentAction action, CancellationToken ct) => _policy.DecideAsync(action, ct);

    public void Emit(EventData data)
    {
        if (data is not AgentUsageData usage)
        {
            ctx.Journal.Emit(stage, data);
            if (data is AgentCommandData command)
            {
                _policy.Violates(command);
            }

            return;
        }

        if (usage.CostUsd is null && agent?.Price is { } price)
        {
            usage = usage with { CostUsd = price.Cost(usage.InputTokens, usage.OutputTokens) };
        }

        ctx.Journal.Emit(stage, usage);
        if (ctx.Budget?.Add(usage) is { } budget)
        {
            ctx.Journal.Emit(stage, budget);
            if (budget is BudgetExceededData)
            {
                ctx.Cancellation.Cancel(CancelCause.Budget);
            }
        }
    }

    public void Log(OutputLine line)
    {
        log.WriteLine(line.Text);
        ctx.Observer?.OnOutput(ctx.Run.Id, stage, line);
    }
}
