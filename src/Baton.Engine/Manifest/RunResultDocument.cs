using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Engine.Manifest;

/// <summary>The shape of <c>result.json</c>: the final outcome of a run.</summary>
public sealed record RunResultDocument(
    string TaskId, string RunId, RunState Status, RunReason? Reason, string? Message, string? Branch, string? Workspace,
    string? BaseCommit, IReadOnlyList<string> FilesChanged, IReadOnlyList<GateResult> Gates, int Attempts,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static RunResultDocument From(RunContext ctx, IReadOnlyList<string> changed) => new(
        ctx.Task.Id, ctx.Run.Id, ctx.Run.State, ctx.Run.Reason, ctx.Run.Message, ctx.Run.Branch, ctx.Run.Workspace,
        ctx.Workspace?.BaseCommit, changed, ctx.Gates.ToList(), ctx.Attempt, ctx.Run.StartedAt, ctx.Run.FinishedAt);
}
