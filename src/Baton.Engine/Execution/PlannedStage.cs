using Baton.Core.Config;

namespace Baton.Engine.Execution;

/// <summary>A stage after nested pipelines were expanded; <see cref="Id"/> is dotted for nested stages (<c>checks.lint</c>).</summary>
public sealed record PlannedStage(string Id, StageConfig Config)
{
    public bool IsBuilder => Config.Kind == StageKind.Agent && (Config.Role ?? AgentRole.Builder) == AgentRole.Builder;
}
