using System.Globalization;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Text;

namespace Baton.Core.Events;

/// <summary>One human line per event, shared by <c>baton logs</c> and live progress.</summary>
public static class EventText
{
    public static string Render(RunEvent e)
    {
        var time = e.Ts.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var stage = e.Stage is null ? "" : $"[{e.Stage}] ";
        return $"{time} {stage}{Describe(e)}";
    }

    public static string Describe(RunEvent e) => e.Data switch
    {
        RunStartedData d => $"run started: {d.Task} (pipeline {d.Pipeline})",
        RunStateData d => $"run {d.State}{Suffix(d.Message)}",
        RunFinishedData d => $"run finished: {d.State.WireName()} ({d.Reason?.WireName()}){Suffix(d.Message)}",
        WorkspaceReadyData d => $"workspace {d.Path} on {d.Branch}{(d.ResumedFrom is null ? "" : $" from pushed {Short(d.ResumedFrom)}")}{(d.DiscardedCommits is > 0 ? $" ({d.DiscardedCommits} unpushed commit(s) of this node dropped)" : "")}",
        WorkspaceCommitData d => $"committed {Short(d.Commit)} to {d.Branch}",
        WorkspacePushedData d => $"pushed {Short(d.Commit)} to {d.Branch}{(d.Replaced is null ? "" : $" (replaced {Short(d.Replaced)}, pushed by a node that had lost the run)")}",
        StageStartedData { Kind: "agent" } d => $"stage started: agent {d.Agent} as {d.Role} (attempt {d.Attempt}, try {d.Try})",
        StageStartedData { Kind: "approval" } d => $"stage started: asking a person (attempt {d.Attempt})",
        StageStartedData { Kind: "review" } d => $"stage started: asking the reviewers (attempt {d.Attempt})",
        StageStartedData d => $"stage started: {d.Command} (attempt {d.Attempt}, try {d.Try})",
        StageRetryData d => $"stage failed ({d.Error}); retrying in {d.DelayMs} ms",
        StageFinishedData d => $"stage {d.Status}{Opt(d.ExitCode, " exit ")}{Opt(d.Seconds, " in ", "s")}{Suffix(d.Error)}",
        GateStartedData d => $"gate `{d.Command}` started",
        GateFinishedData d => $"gate `{d.Command}` {(d.Passed ? "passed" : d.TimedOut ? "TIMED OUT" : "FAILED")}{Opt(d.ExitCode, " exit ")}",
        AgentMessageData d => $"agent: {d.Text}",
        AgentReasoningData d => $"thinking: {d.Text}",
        AgentCommandData d => $"agent ran `{d.Command}`{Opt(d.ExitCode, " exit ")}",
        AgentFileChangeData d => $"agent {d.Kind switch { "add" => "added", "delete" => "deleted", _ => "changed" }} {d.Path}",
        AgentSessionData d => $"session {d.SessionId} with {d.Agent}{(d.Resumed ? " (continued)" : " (new)")}",
        AgentToolData d => $"agent tool {d.Name} {d.Status}",
        AgentUsageData d => $"usage: {d.InputTokens} in / {d.OutputTokens} out tokens{Opt(d.CostUsd, ", $")}",
        AgentErrorData d => $"{(d.Fatal ? "agent error" : "agent warning")}: {d.Message}",
        RecoveryActionData d => $"recovery: {d.Agent} {d.Failure.Replace('_', ' ')} → {d.Action.Replace('_', ' ')}{Opt(d.ToAgent, " to ")}{Opt(d.DelayMs, " after ", " ms")}{Opt(d.Correction, " with ")}",
        AgentRawData d => d.Line.Length > 0 ? d.Line : EventDataJson.Serialize(d),
        PolicyViolationData d => d.Action switch
        {
            "flagged" => $"POLICY (flagged, allowed): {d.Reason}",
            "stopped" => $"POLICY VIOLATION, run stopped: {d.Reason}",
            _ => $"POLICY: refused {d.Reason}",
        },
        LeaseAcquiredData d => $"held by node {d.Node} (epoch {d.Epoch}, lease {d.LeaseSeconds:0.#} s)",
        LeaseLostData d => $"LEASE LOST: node {d.Node} stopped renewing its lease{Opt(d.LastHeartbeat?.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), " (last heartbeat ", ")")}; node {d.By} took the run over",
        LimitExceededData d => $"LIMIT EXCEEDED ({d.Limit}): {d.Detail} — the run is stopped",
        PolicyConfirmData d => $"CONFIRM: the agent waits to run `{d.Command}` until a person says yes (`{d.Pattern}` is in policy.confirm_commands)",
        BudgetWarningData d => $"BUDGET: {Spent(d)} — 80% or more of the task's budget",
        BudgetExceededData d => $"BUDGET EXCEEDED: {Spent(d)} — the agent is stopped",
        ReviewVerdictData d => $"review by {d.Reviewer}: {d.Verdict.ToUpperInvariant()}{Suffix(d.Summary)}{(d.Findings is { Count: > 0 } f ? $" ({f.Count} finding(s))" : "")}{(d.Malformed ? " [no readable verdict]" : "")}",
        ReviewDecisionData d => $"review decision: {d.Decision.Replace('_', ' ')}{Suffix(d.Reason)}",
        ApprovalRequestedData d => $"WAITING for a person: {d.Reason} — `baton approve {e.RunId}` or `baton deny {e.RunId} --reason …`{Opt(d.Id, " (question ", ")")}",
        ApprovalAnsweredData d => $"{d.Answer ?? (d.Approved ? "approved" : "denied")} by {d.By}{Suffix(d.Note)}",
        SyncAttemptData d => d.Delivered ? $"synced to {d.Url} (attempt {d.Attempt})" : $"sync to {d.Url} failed (attempt {d.Attempt}): {d.Error}",
        TaskQueuedData d => $"queued ({d.State.WireName()}): {d.Title}{Opt(d.By, " — by ")}",
        TaskStateData d => $"task {d.From?.WireName()} → {d.State.WireName()}{Suffix(d.Reason)}{(d.By is "baton" or null ? "" : $" (by {d.By})")}",
        _ => $"{e.Type.Name()} {EventDataJson.Serialize(e.Data)}",
    };

    private static string Opt<T>(T? value, string prefix, string suffix = "") =>
        value is null ? "" : prefix + Convert.ToString(value, CultureInfo.InvariantCulture) + suffix;

    private static string Suffix(string? value) => value is null ? "" : ": " + value;

    private static string Spent(BudgetData d) =>
        $"{d.Tokens} tokens{Opt(d.TokenLimit, " of ")}" + (d.CostUsd is { } cost ? $", ${cost:0.####}{Opt(d.CostLimit, " of $")}" : "");

    private static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;
}
