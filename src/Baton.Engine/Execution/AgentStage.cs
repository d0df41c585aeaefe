using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Model;

namespace Baton.Engine.Execution;

/// <summary>An <c>agent</c> stage: one turn of the configured agent in its role; the work it leaves is committed to the task branch.</summary>
public static class AgentStage
{
    public static string ResolveAgentName(EngineServices services, RunContext ctx, StageConfig stage) =>
        ctx.Task.Agent ?? stage.Agent ?? services.Config.DefaultAgent
        ?? throw new InvalidOperationException("no agent configured");

    public static async Task<StageOutcome> RunAsync(EngineServices services, RunContext ctx, PlannedStage stage, TextWriter log)
    {
        var agentName = ResolveAgentName(services, ctx, stage.Config);
        if (!services.Config.Agents.TryGetValue(agentName, out var agent))
        {
            return StageOutcome.Fail(RunReason.AgentFailed,
                $"agent `{agentName}` is not configured; configured agents: {string.Join(", ", services.Config.Agents.Keys)}");
        }

        if (!services.Agents.TryGetValue(agent.Kind, out var adapter))
        {
            return StageOutcome.Fail(RunReason.AgentFailed,
                $"agent `{agentName}` has kind `{agent.Kind.ToString().ToLowerInvariant()}`, which this build of Baton cannot drive yet; use a `command` agent");
        }

        var role = stage.Config.Role ?? AgentRole.Builder;
        var feedback = stage.IsBuilder && ctx.Attempt > 1 ? ctx.LastFailedGates(ctx.Attempt - 1) : [];
        var prompt = PromptBuilder.Build(ctx.Task, role, stage.Config, feedback);
        var promptName = $"{stage.Id}-attempt{ctx.Attempt.ToString(CultureInfo.InvariantCulture)}";
        var promptFile = await ctx.Files.WritePromptAsync(promptName, prompt, ctx.Token);
        var turn = new AgentTurn
        {
            Agent = agent,
            Role = role,
            Prompt = prompt,
            PromptFile = promptFile,
            Workspace = ctx.WorkspacePath,
            TaskId = ctx.Task.Id,
            RunId = ctx.Run.Id,
            Stage = stage.Id,
            Attempt = ctx.Attempt,
            Timeout = stage.Config.Timeout ?? agent.Timeout,
            Environment = ChildEnv.For(services, ctx, stage.Id, new Dictionary<string, string> { ["BATON_PROMPT_FILE"] = promptFile }),
            HomeDirectory = Path.Combine(services.StateDir, "agents", agentName),
        };

        var result = await adapter.RunTurnAsync(turn, new StageAgentSink(services, ctx, stage.Id, log), ctx.Token);
        if (!result.Cancelled)
        {
            await CommitAsync(services, ctx, stage.Id);
        }

        if (result.Succeeded)
        {
            return StageOutcome.Ok(result.ExitCode, result.OutputTail);
        }

        return result.TimedOut
            ? StageOutcome.Fail(RunReason.Timeout, $"agent `{agentName}` timed out", null, result.OutputTail)
            : StageOutcome.Fail(RunReason.AgentFailed, result.Error ?? $"agent `{agentName}` exited {result.ExitCode}", result.ExitCode, result.OutputTail);
    }

    private static async Task CommitAsync(EngineServices services, RunContext ctx, string stage)
    {
        var message = $"baton: {stage} (attempt {ctx.Attempt}) — {ctx.Task.Title}";
        var commit = await services.Workspaces.CommitAllAsync(ctx.Workspace!, message, CancellationToken.None);
        if (commit is not null)
        {
            ctx.Journal.Emit(EventType.WorkspaceCommit, stage, new JsonObject { ["commit"] = commit, ["branch"] = ctx.Workspace!.Branch });
        }
    }
}
