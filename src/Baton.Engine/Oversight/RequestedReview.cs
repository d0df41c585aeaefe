using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Reviews;
using Baton.Core.Text;
using Baton.Core.Workspaces;
using Baton.Engine.Execution;
using Baton.Engine.Journal;

namespace Baton.Engine.Oversight;

/// <summary>
/// <c>baton review RUN</c>: the reviewers of the run's pipeline judge its work now, in its workspace, outside its
/// stages — for a run that has ended or waits for a person. Their verdicts are rows and <c>review.verdict</c> events
/// under the stage <c>requested-review</c>, with the policy's <c>review.decision</c>; the run's state does not change.
/// The caller holds the run while the reviewers work, so nothing else writes its journal meanwhile.
/// </summary>
public sealed class RequestedReview(EngineServices services)
{
    public const string StageId = "requested-review";

    public async Task<IReadOnlyList<ReviewVerdictRecord>> RunAsync(RunRecord run, Actor by, CancellationToken ct)
    {
        // A finished run keeps the name of the process that finished it; only a live one is busy.
        if (run.Owner is not null && !run.State.IsTerminal())
        {
            throw new DeskException(DeskErrorKind.Conflict,
                $"run {run.Id} is {run.State.WireName()} in process {run.Owner.Pid} on {run.Owner.Host}; its own review stages judge it — ask again once it has ended or waits");
        }

        var task = await services.Store.GetTaskAsync(run.TaskId, ct) ?? throw new DeskException(DeskErrorKind.NotFound, $"run {run.Id} has no task");
        var project = RunSetup.Project(services.Config, run.Project);
        var pipeline = RunSetup.Pipeline(services.Config, run.Pipeline, task.Command, task.QualityGates);
        var plan = StagePlan.Build(services.Config, pipeline, null);
        var reviewers = plan.Stages.FirstOrDefault(s => s.Config.Kind == StageKind.Review)?.Config
            ?? throw new DeskException(DeskErrorKind.Invalid,
                $"pipeline `{pipeline.Name}` has no review stage, so there is nobody to ask: add `{{ id: review, kind: review, reviewers: [claude] }}` to it");
        if (run.Workspace is not { } path || run.Branch is not { } branch || !Directory.Exists(path))
        {
            throw new DeskException(DeskErrorKind.Conflict, $"run {run.Id} has no workspace left to review (it was cleaned up or never made)");
        }

        if (await services.Store.TryTakeOwnershipAsync(run.Id, run.Owner, services.ProcessControl.CurrentOwner, services.Time.GetUtcNow(), ct) is not { } epoch)
        {
            throw new DeskException(DeskErrorKind.Conflict, $"run {run.Id} was just taken by another process");
        }

        try
        {
            var stages = await services.Store.ListStagesAsync(run.Id, ct);
            var files = services.Files.Open(task.Id, run.Id);
            await using (files)
            await using (var journal = await RunJournal.OpenAsync(task.Id, run.Id, services.Store, files, services.Time, ct))
            {
                using var cancellation = new RunCancellation(ct);
                var repo = RunSetup.RepoPath(services, project);
                var ctx = new RunContext
                {
                    Task = task,
                    Run = run with { Epoch = epoch },
                    Project = project,
                    Pipeline = pipeline,
                    Plan = plan,
                    Journal = journal,
                    Files = files,
                    Cancellation = cancellation,
                    Workspace = new Workspace(path, branch, "", project.Workspace.Mode, repo),
                    DefaultBranch = (await services.Repos.InspectAsync(repo, project.DefaultBranch, ct)).DefaultBranch,
                    Attempt = stages.Select(s => s.Attempt).DefaultIfEmpty(1).Max(),
                };
                var stage = new PlannedStage(StageId, reviewers with { Id = StageId });
                return await new ReviewStage(services).AdviseAsync(ctx, stage, by);
            }
        }
        finally
        {
            await services.Store.TransitionRunAsync(new RunChange { RunId = run.Id, Epoch = epoch, ReleaseOwner = true }, CancellationToken.None);
        }
    }
}
