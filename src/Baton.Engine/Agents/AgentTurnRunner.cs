using System.Globalization;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;
using Baton.Engine.Execution;

namespace Baton.Engine.Agents;

/// <summary>
/// One turn of one agent for a stage: continues the task's session with that agent when there is one, builds the role
/// prompt, hands the adapter the API key from the variable the config names, then records the session and the answer.
/// </summary>
public sealed class AgentTurnRunner(EngineServices services, RunContext ctx, PlannedStage stage, TextWriter log)
{
    /// <summary>A person's answer to this stage's escalation, told to the agent in its next turn.</summary>
    public string? Guidance { get; set; }

    /// <param name="reviewMaterial">For a reviewer: what it reviews (see <see cref="PromptContext.ReviewMaterial"/>).</param>
    /// <param name="followUp">A prompt that replaces the role prompt (a reviewer asked again for its verdict, in its session).</param>
    public async Task<AgentTurnResult> RunAsync(AgentConfig agent, IAgentAdapter adapter, AgentFailureKind recoveringFrom, string? reviewMaterial = null, string? followUp = null)
    {
        var session = await services.Store.GetSessionAsync(ctx.Task.Id, agent.Name, CancellationToken.None);
        var role = stage.Config.Role ?? AgentRole.Builder;
        var prompt = followUp ?? PromptBuilder.Build(new PromptContext
        {
            Task = ctx.Task,
            Role = role,
            Stage = stage.Config,
            FailedGates = stage.IsBuilder && ctx.Attempt > 1 ? ctx.LastFailedGates(ctx.Attempt - 1) : [],
            Plan = role == AgentRole.Planner ? null : await PlanAsync(),
            Instructions = session is null ? InstructionFiles.Read(ctx.WorkspacePath) : [],
            ContinuesSession = session is not null,
            ReviewMaterial = reviewMaterial,
            ReviewFeedback = stage.IsBuilder && ctx.Attempt > 1 ? await Oversight.ReviewFeedback.ForAsync(services, ctx.Run.Id, ctx.Attempt - 1) : null,
            Guidance = followUp is null ? Guidance : null,
        });
        var promptName = $"{stage.Id}-attempt{ctx.Attempt.ToString(CultureInfo.InvariantCulture)}{(followUp is null ? "" : "-again")}";
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
            SessionId = session?.SessionId,
            SessionUsage = session?.Usage,
            Timeout = stage.Config.Timeout ?? agent.Timeout,
            Environment = ChildEnv.For(services, ctx, stage.Id, new Dictionary<string, string> { ["BATON_PROMPT_FILE"] = promptFile }),
            HomeDirectory = Path.Combine(services.StateDir, "agents", agent.Name),
            ApiKey = ReadKey(agent),
            RecoveringFrom = recoveringFrom,
            Commands = CommandRules.From(services.Config.Policy),
        };

        var result = await adapter.RunTurnAsync(turn, new StageAgentSink(services, ctx, stage.Id, log, agent), ctx.Token);
        await RecordAsync(agent, session, result);
        return result;
    }

    private AgentSecret? ReadKey(AgentConfig agent)
    {
        if (agent.ApiKeyEnv is not { } name)
        {
            return null;
        }

        if (services.Secrets(name) is { Length: > 0 } key)
        {
            return new AgentSecret(key);
        }

        ctx.Journal.Emit(stage.Id, new AgentErrorData
        {
            Message = $"agents.{agent.Name}.api_key_env names `{name}`, which is not set in Baton's environment; the CLI will use its own login, if any",
        });
        return null;
    }

    private async Task RecordAsync(AgentConfig agent, AgentSession? session, AgentTurnResult result)
    {
        ctx.AgentStages.TryGetValue(stage.Id, out var before);
        ctx.AgentStages[stage.Id] = new StageAgentInfo(
            agent.Name,
            result.SessionId ?? session?.SessionId,
            (before?.Usage ?? AgentUsage.Zero).Plus(result.Usage ?? AgentUsage.Zero),
            (before?.Turns ?? 0) + 1);

        if (result.SessionId is { } id && !result.Cancelled)
        {
            await services.Store.SaveSessionAsync(new AgentSession
            {
                TaskId = ctx.Task.Id,
                Agent = agent.Name,
                SessionId = id,
                Usage = result.SessionUsage ?? session?.Usage ?? AgentUsage.Zero,
                UpdatedAt = services.Time.GetUtcNow(),
            }, CancellationToken.None);
        }

        if (result.Succeeded && result.FinalMessage is { Length: > 0 } answer)
        {
            await services.Store.SaveStageOutputAsync(ctx.Run.Id, stage.Id, answer, CancellationToken.None);
        }
    }

    /// <summary>The answer of the last planner stage before this one in the run (read back from the store, so it survives a resume).</summary>
    private async Task<string?> PlanAsync()
    {
        var planners = ctx.Plan.Stages
            .TakeWhile(s => s.Id != stage.Id)
            .Where(s => s.Config.Kind == StageKind.Agent && s.Config.Role == AgentRole.Planner)
            .Reverse();
        foreach (var planner in planners)
        {
            if (await services.Store.GetStageOutputAsync(ctx.Run.Id, planner.Id, CancellationToken.None) is { } plan)
            {
                return plan;
            }
        }

        return null;
    }
}
