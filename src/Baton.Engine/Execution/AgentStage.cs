using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Engine.Agents;
using Baton.Engine.Oversight;

namespace Baton.Engine.Execution;

/// <summary>
/// An <c>agent</c> stage: one turn of the configured agent in its role, recovering from known failures (back off,
/// fresh session, relaunch with corrected flags, fall back to the next agent of its role, park the run for a person) — each step a <c>recovery.action</c> event. The
/// work the agent leaves is committed to the task branch.
/// </summary>
public static class AgentStage
{
    /// <summary>Upper bound on turns one stage try may take across recoveries and fallbacks.</summary>
    private const int MaxTurns = 10;

    public static string ResolveAgentName(EngineServices services, RunContext ctx, StageConfig stage) =>
        ctx.Task.Agent ?? stage.Agent ?? AgentChain.FirstTier(services.Config, stage.Role ?? AgentRole.Builder) ?? services.Config.DefaultAgent
        ?? throw new InvalidOperationException("no agent configured");

    public static async Task<StageOutcome> RunAsync(EngineServices services, RunContext ctx, PlannedStage stage, TextWriter log)
    {
        var primary = ResolveAgentName(services, ctx, stage.Config);
        if (!services.Config.Agents.ContainsKey(primary))
        {
            return StageOutcome.Fail(RunReason.AgentFailed,
                $"agent `{primary}` is not configured; configured agents: {string.Join(", ", services.Config.Agents.Keys)}");
        }

        var role = stage.Config.Role ?? AgentRole.Builder;
        var chain = new List<string>(AgentChain.For(services.Config, primary, role));
        var escalation = await RecoveryEscalation.ReadAsync(services, ctx, stage.Id);
        var runner = new AgentTurnRunner(services, ctx, stage, log) { Guidance = escalation.Guidance };
        var seen = new Dictionary<AgentFailureKind, int>();
        var recovering = AgentFailureKind.None;
        var index = 0;
        for (var turns = 0; turns < MaxTurns; turns++)
        {
            var agent = services.Config.Agents[chain[index]];
            var result = await RunOneAsync(services, runner, agent, recovering);
            if (!result.Cancelled)
            {
                await CommitAsync(services, ctx, stage.Id);
            }

            if (result.Succeeded || result.Cancelled)
            {
                return Outcome(agent, result);
            }

            if (result.Failure == AgentFailureKind.CliMissing && index == chain.Count - 1)
            {
                chain.AddRange(AgentChain.Installed(services.Config, role, chain));
            }

            var failure = RecoveryPolicy.Classify(services.Config.Recovery, result);
            var earlier = seen.GetValueOrDefault(failure);
            seen[failure] = earlier + 1;
            var correction = services.Agents.TryGetValue(agent.Kind, out var adapter) ? adapter.CorrectionFor(failure) : null;
            var action = RecoveryPolicy.Decide(failure, earlier, hasNextAgent: index < chain.Count - 1, services.Config.Recovery.Retries, canCorrect: correction is not null);
            var delay = action == RecoveryAction.Retry ? StageExecutor.RetryDelay(services.RateLimitBackoff, earlier + 1) : TimeSpan.Zero;
            var next = action == RecoveryAction.FallBack ? chain[index + 1] : null;
            ctx.Journal.Emit(stage.Id, Describe(agent, result with { Failure = failure }, action, delay, next, action == RecoveryAction.Relaunch ? correction : null));
            switch (action)
            {
                case RecoveryAction.Retry:
                    await Task.Delay(delay, services.Time, ctx.Token);
                    break;
                case RecoveryAction.FreshSession:
                    await services.Store.ForgetSessionAsync(ctx.Task.Id, agent.Name, CancellationToken.None);
                    break;
                case RecoveryAction.Relaunch:
                    break;
                case RecoveryAction.FallBack:
                    index++;
                    seen.Clear();
                    break;
                case RecoveryAction.Escalate when services.Config.Policy.Approval == ApprovalPolicy.Never:
                    return StageOutcome.Fail(RunReason.Escalated,
                        $"{result.Error} — a person must judge this, and policy.approval is `never`, so nobody is asked: the task ends escalated", result.ExitCode, result.OutputTail);
                case RecoveryAction.Escalate:
                    await ctx.Journal.FlushAsync(CancellationToken.None);
                    throw escalation.Park(ctx, agent.Name, WhatFailed(result));
                case RecoveryAction.GiveUp:
                    return Outcome(agent, result);
            }

            recovering = action == RecoveryAction.Relaunch ? failure : AgentFailureKind.None;
        }

        return StageOutcome.Fail(RunReason.AgentFailed, $"stage `{stage.Id}` gave up after {MaxTurns} agent turns");
    }

    private static Task<AgentTurnResult> RunOneAsync(EngineServices services, AgentTurnRunner runner, AgentConfig agent, AgentFailureKind recovering)
    {
        if (services.Agents.TryGetValue(agent.Kind, out var adapter))
        {
            return runner.RunAsync(agent, adapter, recovering);
        }

        return Task.FromResult(new AgentTurnResult
        {
            Failure = AgentFailureKind.CliMissing,
            Error = $"agent `{agent.Name}` has kind `{agent.Kind.ToString().ToLowerInvariant()}`, which this build of Baton cannot drive",
        });
    }

    /// <summary>The error, with the last line the agent printed when the error does not already say it (for a person's question).</summary>
    private static string WhatFailed(AgentTurnResult result)
    {
        var error = result.Error ?? $"exit {result.ExitCode}";
        var last = result.OutputTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is null || error.Contains(last, StringComparison.Ordinal) ? error : $"{error}: {Clip(last)}";
    }

    private static string Clip(string line) => line.Length <= 300 ? line : line[..300] + "…";

    private static StageOutcome Outcome(AgentConfig agent, AgentTurnResult result)
    {
        if (result.Succeeded)
        {
            return StageOutcome.Ok(result.ExitCode, result.OutputTail);
        }

        if (result.TimedOut)
        {
            return StageOutcome.Fail(RunReason.Timeout, result.Error ?? $"agent `{agent.Name}` timed out", null, result.OutputTail);
        }

        var error = result.Error ?? $"agent `{agent.Name}` exited {result.ExitCode}";
        if (result.Failure == AgentFailureKind.AuthFailed)
        {
            error += agent.ApiKeyEnv is { } env
                ? $" — check that `{env}` (agents.{agent.Name}.api_key_env) holds a valid key for {agent.BaseUrl ?? "the CLI's default endpoint"}"
                : $" — set agents.{agent.Name}.api_key_env to the variable holding its API key, or log the CLI in";
        }

        return StageOutcome.Fail(RunReason.AgentFailed, error, result.ExitCode, result.OutputTail);
    }

    private static RecoveryActionData Describe(AgentConfig agent, AgentTurnResult result, RecoveryAction action, TimeSpan delay, string? next, string? correction) => new()
    {
        Agent = agent.Name,
        Failure = Core.Text.BatonJson.WireName(result.Failure),
        Action = Core.Text.BatonJson.WireName(action),
        Error = result.Error,
        DelayMs = delay > TimeSpan.Zero ? (long)delay.TotalMilliseconds : null,
        ToAgent = next,
        Correction = correction,
    };

    /// <summary>Commits what a stage changed to the task branch (agent turns, and a task's own command).</summary>
    internal static async Task CommitAsync(EngineServices services, RunContext ctx, string stage)
    {
        var message = $"baton: {stage} (attempt {ctx.Attempt}) — {ctx.Task.Title}";
        var commit = await services.Workspaces.CommitAllAsync(ctx.Workspace!, message, CancellationToken.None);
        if (commit is not null)
        {
            ctx.Journal.Emit(stage, new WorkspaceCommitData { Commit = commit, Branch = ctx.Workspace!.Branch });
            await BranchPush.PushAsync(services, ctx, stage, ctx.Token);
        }
    }
}
