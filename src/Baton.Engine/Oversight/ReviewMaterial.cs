using System.Globalization;
using System.Text;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;

namespace Baton.Engine.Oversight;

/// <summary>
/// What reviewers are given besides the task and the plan: the task branch against its base (files and patch, cut to a
/// size a prompt can hold), the tester's report, the results of the stages so far and of earlier gates.
/// </summary>
public static class ReviewMaterial
{
    private const int MaxPatchChars = 48 * 1024;

    public static async Task<string> BuildAsync(EngineServices services, RunContext ctx, PlannedStage review)
    {
        var text = new StringBuilder();
        text.AppendLine("# The change");
        var (diff, problem) = await DiffAsync(services, ctx);
        if (diff is null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"(the diff could not be read: {problem}; review the workspace as it is)");
        }
        else if (diff.Files.Count == 0)
        {
            text.AppendLine($"The branch {diff.Branch} changes nothing against {diff.Base}.");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Branch {diff.Branch} against {diff.Base}: {diff.Files.Count} file(s).");
            foreach (var f in diff.Files)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {f.Path} (+{f.Additions} −{f.Deletions})");
            }

            var patch = diff.Patch.Length > MaxPatchChars ? diff.Patch[..MaxPatchChars] + "\n… (cut; read the files for the rest)" : diff.Patch;
            text.AppendLine("```diff").AppendLine(patch.TrimEnd()).AppendLine("```");
        }

        if (await TesterReportAsync(services, ctx, review) is { } report)
        {
            text.AppendLine().AppendLine("# The tester's report").AppendLine(report.TrimEnd());
        }

        var stages = (await services.Store.ListStagesAsync(ctx.Run.Id, CancellationToken.None))
            .Where(s => s.Attempt == ctx.Attempt && s.StageId != review.Id && s.State is StageState.Succeeded or StageState.Failed).ToList();
        if (stages.Count > 0)
        {
            text.AppendLine().AppendLine("# Stages so far");
            foreach (var s in stages)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {s.StageId} ({s.Kind}): {s.State.WireName()}{(s.ExitCode is { } code ? $", exit {code}" : "")}{(s.Error is null ? "" : $" — {s.Error}")}");
            }
        }

        if (ctx.Gates.Count > 0)
        {
            text.AppendLine().AppendLine("# Quality gates on earlier attempts");
            foreach (var g in ctx.Gates)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- attempt {g.Attempt}: `{g.Command}` {(g.Passed ? "passed" : g.TimedOut ? "timed out" : $"failed (exit {g.ExitCode})")}");
            }
        }

        return text.ToString();
    }

    /// <summary>The diff, or why there is none (said in the material, so the reviewer and the run's files show it).</summary>
    private static async Task<(BranchDiff? Diff, string? Problem)> DiffAsync(EngineServices services, RunContext ctx)
    {
        if (ctx.Workspace is not { } workspace || ctx.DefaultBranch is not { } into)
        {
            return (null, "the workspace is not prepared");
        }

        try
        {
            return (await services.Workspaces.DiffAsync(workspace.RepoPath, workspace.Branch, into, ctx.Token), null);
        }
        catch (WorkspaceException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The answer of the last tester stage before the review, in this run.</summary>
    private static async Task<string?> TesterReportAsync(EngineServices services, RunContext ctx, PlannedStage review)
    {
        foreach (var tester in ctx.Plan.Stages.TakeWhile(s => s.Id != review.Id).Where(s => s.Config.Kind == StageKind.Agent && s.Config.Role == AgentRole.Tester).Reverse())
        {
            if (await services.Store.GetStageOutputAsync(ctx.Run.Id, tester.Id, CancellationToken.None) is { } report)
            {
                return report;
            }
        }

        return null;
    }
}
