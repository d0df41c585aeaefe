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
/// the run's work is cancelled.
/// </summary>
public sealed class StageAgentSink(EngineServices services, RunContext ctx, string stage, TextWriter log, AgentConfig? agent = null) : IAgentEventSink
{
    public ProcessCallbacks ProcessCallbacks { get; } = new ProcessSupervisor(services).Callbacks(ctx, stage, TextWriter.Null);

    public void Emit(EventData data)
    {
        if (data is not AgentUsageData usage)
        {
            ctx.Journal.Emit(stage, data);
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
