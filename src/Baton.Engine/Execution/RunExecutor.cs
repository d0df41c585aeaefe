using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Core.Workspaces;
using Baton.Engine.Journal;
using Baton.Engine.Logging;
using Baton.Engine.Oversight;
using Microsoft.Extensions.Logging;

namespace Baton.Engine.Execution;

/// <summary>
/// Executes one run from wherever it stands: prepares (or reuses) the workspace, runs the stages that have not finished,
/// then the gates; a failed gate sends the builder round again with the gate's output until attempts run out.
/// </summary>
public sealed class RunExecutor(EngineServices services)
{
    private readonly StageExecutor _stages = new(services);
    private readonly GateRunner _gates = new(services);
    private readonly RunFinisher _finisher = new(services);
    private readonly ApprovalGate _approvals = new(services);
    private readonly ILogger _log = services.Logs.CreateLogger(EngineLog.Category);


    /// <summary>Runs (or resumes) a run this process already owns. Never throws for a failing run; the outcome says how it ended.</summary>
    public async Task<RunOutcome> ExecuteAsync(string runId, IRunObserver? observer, CancellationToken shutdown)
    {
        var run = await services.Store.GetRunAsync(runId, CancellationToken.None) ?? throw new ArgumentException($"no run {runId}");
        var task = await services.Store.GetTaskAsync(run.TaskId, CancellationToken.None) ?? throw new ArgumentException($"no task {run.TaskId}");
        var project = RunSetup.Project(services.Config, run.Project);
        var pipeline = RunSetup.Pipeline(services.Config, run.Pipeline, task.Command, task.QualityGates);
        // On a shared store every stage log, the last manifest and the result are also copied into the store, for the
        // nodes that did not run it (a takeover, the dashboard, a sync).
        var files = services.Lease is null
            ? services.Files.Open(task.Id, run.Id)
            : new StoredRunDocuments(
                new StoredStageLogs(services.Files.Open(task.Id, run.Id), services.Store, run.Id, run.Epoch, NodeName(services.ProcessControl.CurrentOwner), _log),
                services.Store, run.Id, run.Epoch, _log);
        using var cancellation = new RunCancellation(shutdown);
        cancellation.CancelAfter(services.Config.Policy.RunTimeout, services.Time);
        // The journal closes before the files it mirrors into: whatever it still holds reaches events.ndjson too.
        await using (files)
        {
            await using var journal = await RunJournal.OpenAsync(task.Id, run.Id, services.Store, files, services.Time, CancellationToken.None, _log);
            return await ExecuteAsync(task, run, project, pipeline, files, journal, cancellation, observer);
        }
    }

    private async Task<RunOutcome> ExecuteAsync(
        TaskItem task, RunRecord run, ProjectConfig project, PipelineConfig pipeline, IRunFiles files, RunJournal journal, RunCancellation cancellation, IRunObserver? observer)
    {
        // The owner's events are stored only while it holds the run (its epoch is its fencing token).
        journal.Fence = run.Epoch;
        if (services.Lease is { } lease)
        {
            journal.Emit(null, new LeaseAcquiredData { Node = NodeName(services.ProcessControl.CurrentOwner), Epoch = run.Epoch, LeaseSeconds = lease.TotalSeconds });
        }

        if (observer is not null)
        {
            journal.Emitted += observer.OnEvent;
        }

        var ctx = new RunContext
        {
            Task = task,
            Run = run,
            Project = project,
            Pipeline = pipeline,
            Plan = StagePlan.Build(services.Config, pipeline, task.Stage),
            Journal = journal,
            Files = files,
            Cancellation = cancellation,
            Observer = observer,
        };
        await using var heartbeat = Heartbeat.Start(services, ctx);
        await using var limits = LimitWatch.Start(services, ctx);
        await using var stalls = StallWatch.Start(services, ctx);
        return await ExecuteInContextAsync(ctx);
    }

    /// <summary>How events and messages name a node: its host and process.</summary>
    public static string NodeName(RunOwner owner) => $"{owner.Host}:{owner.Pid}";

    private async Task<RunOutcome> ExecuteInContextAsync(RunContext ctx)
    {
        try
        {
            return await RunToEndAsync(ctx);
        }
        catch (Exception ex) when (Fenced(ex) is { } fenced)
        {
            // Another node took the run while this one was ending it (a failure's last write, say): it writes nothing more.
            EngineLog.LeaseLost(_log, ctx.Run.Id, fenced.Message);
            return RunFinisher.Lost(ctx, "another node took the run over (a write was fenced)");
        }
    }

    private async Task<RunOutcome> RunToEndAsync(RunContext ctx)
    {
        try
        {
            await RestoreAsync(ctx);
            ctx.Budget = await BudgetWatch.StartAsync(services, ctx);
            if (ctx.Budget is { AlreadyExceeded: true } spent)
            {
                ctx.Journal.Emit(null, spent.Exceeded());
                return await _finisher.FinishAsync(ctx, RunState.Failed, RunReason.BudgetExceeded, spent.Describe());
            }

            await PrepareAsync(ctx);
            EngineLog.RunStarted(_log, ctx.Run.Id, ctx.Task.Id, ctx.Run.Pipeline, ctx.Attempt);
            await _finisher.SetStateAsync(ctx, RunState.Running);
            while (true)
            {
                if (await RunStagesAsync(ctx) is { } failed)
                {
                    // A stage that failed because the run was cancelled meanwhile (a limit, a violation, a stop) ends as that.
                    ctx.Token.ThrowIfCancellationRequested();
                    if (failed.SendBack && ctx.Plan.FirstBuilderIndex >= 0)
                    {
                        ctx.Attempt++;
                        await _finisher.SetStateAsync(ctx, RunState.Running, $"{failed.Error}; attempt {ctx.Attempt}");
                        continue;
                    }

                    return await _finisher.FinishAsync(ctx, RunState.Failed, failed.FailureReason, failed.Error);
                }

                await _finisher.SetStateAsync(ctx, RunState.Gating);
                // A result approved while the run was parked was approved with these gate results: they are not run again.
                IReadOnlyList<GateResult> results = await _approvals.ResultApprovedAsync(ctx)
                    ? ctx.Gates.Where(g => g.Attempt == ctx.Attempt).ToList()
                    : await _gates.RunAllAsync(ctx);
                if (results.All(r => r.Passed))
                {
                    if (await _approvals.ResultAsync(ctx) is { } denied)
                    {
                        return await _finisher.FinishAsync(ctx, RunState.Failed, RunReason.ApprovalDenied, ApprovalGate.Denial(denied));
                    }

                    var note = results.Count == 0 ? "no gates configured" : $"{results.Count} gate(s) passed";
                    return await _finisher.FinishAsync(ctx, RunState.Succeeded, RunReason.GatesPassed, note);
                }

                var failedGates = string.Join(", ", results.Where(r => !r.Passed).Select(r => $"`{r.Command}`"));
                if (ctx.Attempt >= ctx.Pipeline.MaxAttempts || ctx.Plan.FirstBuilderIndex < 0)
                {
                    return await _finisher.FinishAsync(ctx, RunState.Failed, RunReason.GateFailed,
                        $"gate(s) {failedGates} failed after {ctx.Attempt} attempt(s)");
                }

                ctx.Attempt++;
                await _finisher.SetStateAsync(ctx, RunState.Running, $"gate(s) {failedGates} failed; attempt {ctx.Attempt} of {ctx.Pipeline.MaxAttempts}");
            }
        }
        catch (OperationCanceledException) when (ctx.Token.IsCancellationRequested)
        {
            return await _finisher.CancelledAsync(ctx);
        }
        catch (ParkRequestException ask)
        {
            return await new RunParking(services).ParkAsync(ctx, ask);
        }
        catch (BootstrapFailedException ex)
        {
            return await _finisher.FinishAsync(ctx, RunState.Failed, RunReason.BootstrapFailed, ex.Message);
        }
        catch (WorkspaceException ex)
        {
            return await _finisher.FinishAsync(ctx, RunState.Failed, RunReason.WorkspaceFailed, ex.Message);
        }
        catch (Exception ex) when (Fenced(ex) is { } fenced)
        {
            // Another node took the run before this one's heartbeat noticed: the write was refused, and so is every other.
            EngineLog.LeaseLost(_log, ctx.Run.Id, fenced.Message);
            return RunFinisher.Lost(ctx, "another node took the run over (a write was fenced)");
        }
        catch (Exception ex) when (Outage(ex) is { } outage)
        {
            EngineLog.StoreOutage(_log, ctx.Run.Id, ex);
            ctx.Cancellation.Cancel(CancelCause.LeaseLost, "the store failed under the run");
            try
            {
                return await _finisher.HandBackAfterOutageAsync(ctx, $"the store failed under the run ({outage.Message}); it resumes from its last finished stage")
                    ?? RunFinisher.Lost(ctx, "another node took the run over during a store outage");
            }
            catch (Exception again) when (again is not OutOfMemoryException)
            {
                // Still down: the run stays this node's until its lease runs out, then any node (this one too) resumes it.
                EngineLog.StoreOutage(_log, ctx.Run.Id, again);
                return RunFinisher.Lost(ctx, "the store is still failing; the run is resumed once its lease runs out");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EngineLog.RunCrashed(_log, ctx.Run.Id, ex);
            return await _finisher.FinishAsync(ctx, RunState.Failed, RunReason.InternalError, $"internal error: {ex.Message} (the full error is in {Path.Combine(services.StateDir, "logs", "baton.log")})");
        }
    }

    /// <summary>A store outage (transient: unreachable, restarting, a cut commit) in <paramref name="ex"/> or its causes, or null.</summary>
    private static Core.Store.StoreException? Outage(Exception? ex) => StoreFailure(ex, static e => e.IsTransient);

    /// <summary>The fencing failure in <paramref name="ex"/> or its causes (a journal flush wraps the store's), or null.</summary>
    private static Core.Store.StoreException? Fenced(Exception? ex) =>
        StoreFailure(ex, static e => e.Category == Core.Store.StoreErrorCategory.Fenced);

    private static Core.Store.StoreException? StoreFailure(Exception? ex, Func<Core.Store.StoreException, bool> matches)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is Core.Store.StoreException store && matches(store))
            {
                return store;
            }
        }

        return null;
    }

    /// <returns>The failing stage's outcome, or null when every stage of this attempt succeeded (or was allowed to fail).</returns>
    private async Task<StageOutcome?> RunStagesAsync(RunContext ctx)
    {
        var done = await DoneStagesAsync(ctx);
        foreach (var stage in ctx.Plan.StagesForAttempt(ctx.Attempt))
        {
            if (done.Contains(stage.Id))
            {
                continue;
            }

            // The run is `reviewing` while reviewers judge the work, and `running` again for the stages after.
            var reviewing = stage.Config.Kind == Core.Config.StageKind.Review;
            if (reviewing != (ctx.Run.State == RunState.Reviewing))
            {
                await _finisher.SetStateAsync(ctx, reviewing ? RunState.Reviewing : RunState.Running);
            }

            var outcome = await _stages.RunAsync(ctx, stage);
            await _finisher.WriteManifestAsync(ctx);
            if (!outcome.Succeeded && !stage.Config.AllowFailure)
            {
                return outcome;
            }
        }

        return null;
    }

    private async Task<HashSet<string>> DoneStagesAsync(RunContext ctx)
    {
        var records = await services.Store.ListStagesAsync(ctx.Run.Id, CancellationToken.None);
        return records
            .Where(r => r.Attempt == ctx.Attempt && (r.State == StageState.Succeeded || (r.State == StageState.Failed && r.AllowedFailure)))
            .Select(r => r.StageId)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>On resume: the attempt in progress and the gate results so far come back from the store.</summary>
    private async Task RestoreAsync(RunContext ctx)
    {
        var records = await services.Store.ListStagesAsync(ctx.Run.Id, CancellationToken.None);
        ctx.Attempt = records.Where(r => r.Attempt > 0).Select(r => r.Attempt).DefaultIfEmpty(1).Max();
        ctx.Gates.AddRange(await services.Store.ListGateResultsAsync(ctx.Run.Id, CancellationToken.None));
        if (ctx.Run.State is RunState.Interrupted or RunState.NeedsInput)
        {
            // The task was paused (or waited for a person) with its run; it runs again now.
            await new Tasks.TaskLedger(services).MoveAsync(new TaskChange
            {
                TaskId = ctx.Task.Id,
                To = TaskState.Running,
                Expected = [TaskState.Paused, TaskState.NeedsInput],
                Reason = "resumed",
                Claimer = services.ProcessControl.CurrentOwner,
                At = services.Time.GetUtcNow(),
            }, CancellationToken.None);
            ctx.Journal.Emit(null, new RunStateData { State = RunStateData.Resumed, Attempt = ctx.Attempt });
        }
    }

    private async Task PrepareAsync(RunContext ctx)
    {
        var first = ctx.Run.StartedAt is null;
        if (first)
        {
            ctx.Run = await services.Store.TransitionRunAsync(
                new RunChange { RunId = ctx.Run.Id, Epoch = ctx.Run.Epoch, StartedAt = services.Time.GetUtcNow() }, CancellationToken.None);
            ctx.Journal.Emit(null, new RunStartedData
            {
                Task = ctx.Task.Title,
                Pipeline = ctx.Pipeline.Name,
                Project = ctx.Project.Key,
                Number = ctx.Run.Number,
                OwnerPid = ctx.Run.Owner?.Pid,
            });
        }

        await _finisher.SetStateAsync(ctx, RunState.Preparing);
        var repo = await services.Repos.InspectAsync(await RunSetup.ReadyRepoPathAsync(services, ctx.Project, ctx.Token), ctx.Project.DefaultBranch, ctx.Token);
        var root = RunSetup.WorkspaceRoot(services, ctx.Project);
        var request = new WorkspaceRequest(repo.Root, repo.DefaultBranch, ctx.Task.Id, root, ctx.Project.Workspace.Mode, ctx.Project.Workspace.Spares)
        {
            Remote = ctx.Project.IsRemote,
        };
        ctx.Workspace = await services.Workspaces.PrepareAsync(request, ctx.Token);
        ctx.DefaultBranch = repo.DefaultBranch;
        ctx.OfferSpares(request);
        ctx.Run = await services.Store.TransitionRunAsync(
            new RunChange { RunId = ctx.Run.Id, Epoch = ctx.Run.Epoch, Workspace = ctx.Workspace.Path, Branch = ctx.Workspace.Branch },
            CancellationToken.None);
        ctx.Journal.Emit(null, new WorkspaceReadyData
        {
            Path = ctx.Workspace.Path,
            Branch = ctx.Workspace.Branch,
            BaseCommit = ctx.Workspace.BaseCommit,
            Mode = ctx.Workspace.Mode.WireName(),
            Reused = !first,
            ResumedFrom = ctx.Workspace.ResumedFrom,
            DiscardedCommits = ctx.Workspace.DiscardedCommits > 0 ? ctx.Workspace.DiscardedCommits : null,
        });
        await Bootstrap.RunAsync(services, ctx);
    }
}
