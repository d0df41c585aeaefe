using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Engine.Manifest;

/// <summary>The shape of <c>manifest.json</c>: enough to audit a run without Baton.</summary>
public sealed record RunManifestDocument
{
    public int Schema { get; init; } = 1;
    public required ManifestTask Task { get; init; }
    public required ManifestRun Run { get; init; }
    public required IReadOnlyList<ManifestStage> Stages { get; init; }
    public required IReadOnlyList<GateResult> Gates { get; init; }
    /// <summary>Tokens and cost of every agent turn of the run.</summary>
    public AgentUsage? Usage { get; init; }
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }

    public static RunManifestDocument From(EngineServices services, RunContext ctx, IReadOnlyList<StageRecord> stages) => new()
    {
        Task = new ManifestTask(ctx.Task.Id, ctx.Task.Title, ctx.Task.Prompt, ctx.Project.Key, ctx.Pipeline.Name, ctx.Task.Source, ctx.Task.Requester),
        Run = new ManifestRun(ctx.Run.Id, ctx.Run.Number, ctx.Run.State, ctx.Run.Reason, ctx.Run.Message, ctx.Run.Branch, ctx.Run.Workspace,
            ctx.Workspace?.BaseCommit, ctx.Run.Owner?.Host, ctx.Run.Owner?.Pid, ctx.Run.CreatedAt, ctx.Run.StartedAt, ctx.Run.FinishedAt,
            services.Time.GetUtcNow()),
        Stages = stages.Select(s => ManifestStage.From(s, ctx, services.Config)).ToList(),
        Gates = ctx.Gates.ToList(),
        Usage = ctx.AgentStages.IsEmpty ? null : ctx.AgentStages.Values.Aggregate(AgentUsage.Zero, (sum, s) => sum.Plus(s.Usage)),
        Attempts = ctx.Attempt,
        MaxAttempts = ctx.Pipeline.MaxAttempts,
    };
}

public sealed record ManifestTask(string Id, string Title, string Prompt, string Project, string Pipeline, TaskSource Source, string? Requester);

public sealed record ManifestRun(
    string Id, int Number, RunState State, RunReason? Reason, string? Message, string? Branch, string? Workspace, string? BaseCommit,
    string? OwnerHost, int? OwnerPid, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset UpdatedAt);

public sealed record ManifestStage(
    string Id, string Kind, int Attempt, StageState State, int Tries, int? ExitCode, bool AllowedFailure, string? Error,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double? Seconds, string? Command, string? Agent, string Log,
    string? SessionId = null, AgentUsage? Usage = null, int? AgentTurns = null)
{
    public static ManifestStage From(StageRecord s, RunContext ctx, BatonConfig config)
    {
        var planned = ctx.Plan.Stages.FirstOrDefault(p => p.Id == s.StageId)?.Config;
        string? agent = planned?.Kind == StageKind.Agent ? ctx.Task.Agent ?? planned.Agent ?? config.DefaultAgent : null;
        var command = s.StageId == Bootstrap.StageId ? ctx.Project.Bootstrap?.Script : planned?.Command;
        double? seconds = s.StartedAt is { } a && s.FinishedAt is { } b ? Math.Round((b - a).TotalSeconds, 3) : null;
        ctx.AgentStages.TryGetValue(s.StageId, out var used);
        return new ManifestStage(s.StageId, s.Kind, s.Attempt, s.State, s.Tries, s.ExitCode, s.AllowedFailure, s.Error,
            s.StartedAt, s.FinishedAt, seconds, command, used?.Agent ?? agent, $"logs/{s.StageId}.log", used?.SessionId, used?.Usage, used?.Turns);
    }
}
