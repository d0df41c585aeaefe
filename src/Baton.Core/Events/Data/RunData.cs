using System.Text.Json.Serialization;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Core.Events.Data;

/// <summary><c>run.started</c>: a run began its first attempt.</summary>
public sealed record RunStartedData() : EventData(EventType.RunStarted)
{
    public required string Task { get; init; }
    public required string Pipeline { get; init; }
    public string? Project { get; init; }
    public int Number { get; init; }
    public int? OwnerPid { get; init; }
}

/// <summary>
/// <c>run.state</c>: a run moved. <see cref="State"/> is a run state's wire name, or <c>resumed</c> when a run picks up
/// after an interruption (not a state of its own: the run is running again).
/// </summary>
public sealed record RunStateData() : EventData(EventType.RunState)
{
    public const string Resumed = "resumed";

    public required string State { get; init; }
    public int? Attempt { get; init; }
    public string? Message { get; init; }
    public string? Previous { get; init; }

    public static RunStateData Of(RunState state, int? attempt = null, string? message = null) =>
        new() { State = state.WireName(), Attempt = attempt, Message = message };

    /// <summary>The run state this names, or null for <c>resumed</c> (or a name this build does not know).</summary>
    [JsonIgnore]
    public RunState? AsRunState => BatonJson.TryParseWireName<RunState>(State, out var s) ? s : null;
}

/// <summary><c>run.heartbeat</c>: the owner of a run is alive.</summary>
public sealed record RunHeartbeatData() : EventData(EventType.RunHeartbeat)
{
    public string? Stage { get; init; }
}

/// <summary><c>run.finished</c>: a run ended; the last event of the run.</summary>
public sealed record RunFinishedData() : EventData(EventType.RunFinished)
{
    public required RunState State { get; init; }
    public RunReason? Reason { get; init; }
    public string? Message { get; init; }
    public string? Branch { get; init; }
    public IReadOnlyList<string>? FilesChanged { get; init; }
    public TaskState? TaskState { get; init; }
    public string? By { get; init; }
}

/// <summary><c>workspace.ready</c>: the run's worktree exists on its branch.</summary>
public sealed record WorkspaceReadyData() : EventData(EventType.WorkspaceReady)
{
    public required string Path { get; init; }
    public required string Branch { get; init; }
    public string? BaseCommit { get; init; }
    public string? Mode { get; init; }
    public bool Reused { get; init; }
    /// <summary>The pushed commit a remote project's task branch was taken up from (another node's, or an earlier run's).</summary>
    public string? ResumedFrom { get; init; }
    /// <summary>Commits of this node's copy of the branch that the remote did not have and that were dropped for it.</summary>
    public int? DiscardedCommits { get; init; }
}

/// <summary><c>workspace.pushed</c>: the task branch went to the project's remote, where any node can take it up.</summary>
public sealed record WorkspacePushedData() : EventData(EventType.WorkspacePushed)
{
    public required string Branch { get; init; }
    public required string Commit { get; init; }
    /// <summary>A commit the remote held that this push replaced: pushed by a node that had lost the run.</summary>
    public string? Replaced { get; init; }
}

/// <summary><c>workspace.commit</c>: an agent turn's work was committed to the task branch.</summary>
public sealed record WorkspaceCommitData() : EventData(EventType.WorkspaceCommit)
{
    public required string Commit { get; init; }
    public string? Branch { get; init; }
}
