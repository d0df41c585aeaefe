using Baton.Core.Config;
using Baton.Core.Model;

namespace Baton.Engine.Execution;

/// <summary>Everything a role prompt is built from.</summary>
public sealed record PromptContext
{
    public required TaskItem Task { get; init; }
    public required AgentRole Role { get; init; }
    public required StageConfig Stage { get; init; }
    public IReadOnlyList<GateResult> FailedGates { get; init; } = [];
    /// <summary>The planner's answer earlier in the run, for the roles that act on it.</summary>
    public string? Plan { get; init; }
    /// <summary>The repository's instruction files (AGENTS.md, CLAUDE.md, GEMINI.md) as (file name, text).</summary>
    public IReadOnlyList<(string Name, string Text)> Instructions { get; init; } = [];
    /// <summary>The turn continues a session that already holds the task and the instructions: send only what is new.</summary>
    public bool ContinuesSession { get; init; }
    /// <summary>A reviewer's material: the change, the tester's report, stage and gate results (built by the review stage).</summary>
    public string? ReviewMaterial { get; init; }
    /// <summary>For a builder after a review sent the work back: the reviewers' findings and a person's guidance.</summary>
    public string? ReviewFeedback { get; init; }
    /// <summary>What a person answered when the stage's agent failed in a way only a person could judge (an escalation).</summary>
    public string? Guidance { get; init; }
}
