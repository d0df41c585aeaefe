using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Engine.Execution;

namespace Baton.Engine.Oversight;

/// <summary>
/// A task's spending against its budget (the project's, else the top-level one) while one of its runs executes: it
/// starts from every <c>agent.usage</c> the task has recorded (earlier runs, and this run before a resume) and adds each
/// new one. Crossing 80% of a limit yields one <c>budget.warning</c>; reaching a limit, one <c>budget.exceeded</c>.
/// Tokens are input + output; dollars are what the CLI reported, or the agent's <c>price</c> applied to its tokens.
/// </summary>
public sealed class BudgetWatch(BudgetConfig limit)
{
    private readonly Lock _gate = new();
    private long _tokens;
    private decimal? _cost;
    private bool _warned;
    private bool _exceeded;

    public static async Task<BudgetWatch?> StartAsync(EngineServices services, RunContext ctx)
    {
        if ((ctx.Project.Budget ?? services.Config.Budget) is not { } limit)
        {
            return null;
        }

        var watch = new BudgetWatch(limit);
        var after = 0L;
        while (true)
        {
            var page = await services.Store.ReadFeedAsync(new FeedQuery(after, TaskId: ctx.Task.Id, TypePrefix: "agent.usage"), 2000, CancellationToken.None);
            foreach (var e in page)
            {
                if (e.Data is AgentUsageData usage)
                {
                    watch.Count(usage);
                }
            }

            if (page.Count < 2000)
            {
                break;
            }

            after = page[^1].Position;
        }

        // Spending past the warning mark before this run was warned about then; it is not said again.
        watch._warned = watch.Reached(BudgetConfig.WarnAt);
        return watch;
    }

    /// <summary>True when the task had spent its budget before this run did anything.</summary>
    public bool AlreadyExceeded
    {
        get
        {
            lock (_gate)
            {
                return Reached(1.0);
            }
        }
    }

    /// <summary>Adds a turn's usage; returns the warning or the stop it causes (each once), or null.</summary>
    public BudgetData? Add(AgentUsageData usage)
    {
        lock (_gate)
        {
            Count(usage);
            if (!_exceeded && Reached(1.0))
            {
                _exceeded = _warned = true;
                return Spent(new BudgetExceededData());
            }

            if (!_warned && Reached(BudgetConfig.WarnAt))
            {
                _warned = true;
                return Spent(new BudgetWarningData());
            }

            return null;
        }
    }

    /// <summary>The budget as it stands, for the exceeded event at the start of a run.</summary>
    public BudgetExceededData Exceeded()
    {
        lock (_gate)
        {
            return Spent(new BudgetExceededData());
        }
    }

    /// <summary>What the task spent against what it may, in words.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var tokens = limit.Tokens is { } t ? $"{_tokens} of {t} tokens" : $"{_tokens} tokens";
            var cost = limit.CostUsd is { } c ? $", ${_cost ?? 0:0.####} of ${c}" : "";
            return $"the task's budget is spent: {tokens}{cost}";
        }
    }

    private void Count(AgentUsageData usage)
    {
        _tokens += usage.InputTokens + usage.OutputTokens;
        if (usage.CostUsd is { } cost)
        {
            _cost = (_cost ?? 0) + cost;
        }
    }

    private bool Reached(double share) =>
        (limit.Tokens is { } tokens && _tokens >= tokens * share)
        || (limit.CostUsd is { } dollars && _cost is { } cost && cost >= dollars * (decimal)share);

    private T Spent<T>(T data) where T : BudgetData =>
        data with { Tokens = _tokens, TokenLimit = limit.Tokens, CostUsd = _cost, CostLimit = limit.CostUsd };
}
