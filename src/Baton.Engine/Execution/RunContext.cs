using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Workspaces;
using Baton.Engine.Journal;

namespace Baton.Engine.Execution;

/// <summary>What one executing run knows about itself. Owned by a single <see cref="RunExecutor"/> call.</summary>
public sealed class RunContext
{
    public required TaskItem Task { get; init; }
    public required RunRecord Run { get; set; }
    public required ProjectConfig Project { get; init; }
    public required PipelineConfig Pipeline { get; init; }
    public required StagePlan Plan { get; init; }
    public required RunJournal Journal { get; init; }
    public required IRunFiles Files { get; init; }
    public required RunCancellation Cancellation { get; init; }
    public IRunObserver? Observer { get; init; }
    public Workspace? Workspace { get; set; }
    private WorkspaceRequest? _spareRequest;

    /// <summary>Once the workspace is ready: the request the run's first process start uses to make spare worktrees.</summary>
    public void OfferSpares(WorkspaceRequest request) => _spareRequest = request;

    /// <summary>The offered request, once (later callers get null).</summary>
    public WorkspaceRequest? TakeSpareRequest() => Interlocked.Exchange(ref _spareRequest, null);
    public int Attempt { get; set; } = 1;
    /// <summary>The task's spending against its budget, when it has one.</summary>
    public Oversight.BudgetWatch? Budget { get; set; }
    /// <summary>The control group holding the run's processes, while <c>policy.limits</c> are enforced.</summary>
    public Core.Processes.IRunLimits? Limits { get; set; }
    public Oversight.LimitWatch? LimitWatch { get; set; }
    /// <summary>Set with <see cref="CancelCause.Park"/>: the question the run parks with once its work has stopped.</summary>
    public Oversight.ParkRequestException? PendingPark { get; set; }
    /// <summary>Every gate result of the run, all attempts, in order.</summary>
    public List<GateResult> Gates { get; } = [];
    /// <summary>The stage commands and agents as planned, for the manifest.</summary>
    public Dictionary<string, string> StageDetails { get; } = [];
    /// <summary>Per agent stage: the agent that ran last, its session and the summed usage of its turns.</summary>
    /// <summary>Written by parallel reviewer turns, so it is a concurrent map.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, StageAgentInfo> AgentStages { get; } = new(StringComparer.Ordinal);
    /// <summary>The repository's default branch, once the workspace is prepared (a review diffs the task branch against it).</summary>
    public string? DefaultBranch { get; set; }

    public CancellationToken Token => Cancellation.Token;

    public string WorkspacePath => Workspace?.Path ?? throw new InvalidOperationException("workspace not prepared");

    public IReadOnlyList<GateResult> LastFailedGates(int attempt) =>
        Gates.Where(g => g.Attempt == attempt && !g.Passed).ToList();
}
