using System.Globalization;
using System.Text.Json.Nodes;

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

    public static string Describe(RunEvent e)
    {
        var d = e.Data;
        return e.Type switch
        {
            EventType.RunStarted => $"run started: {S(d, "task")} (pipeline {S(d, "pipeline")})",
            EventType.RunState => $"run {S(d, "state")}{Suffix(d, "message")}",
            EventType.RunFinished => $"run finished: {S(d, "state")} ({S(d, "reason")}){Suffix(d, "message")}",
            EventType.WorkspaceReady => $"workspace {S(d, "path")} on {S(d, "branch")}",
            EventType.WorkspaceCommit => $"committed {Short(S(d, "commit"))} to {S(d, "branch")}",
            EventType.StageStarted => S(d, "kind") == "agent" ? $"stage started: agent {S(d, "agent")} as {S(d, "role")} (attempt {S(d, "attempt")}, try {S(d, "try")})" : $"stage started: {S(d, "command")} (attempt {S(d, "attempt")}, try {S(d, "try")})",
            EventType.StageRetry => $"stage failed ({S(d, "error")}); retrying in {S(d, "delay_ms")} ms",
            EventType.StageFinished => $"stage {S(d, "status")}{Opt(d, "exit_code", " exit ")}{Opt(d, "seconds", " in ", "s")}{Suffix(d, "error")}",
            EventType.GateStarted => $"gate `{S(d, "command")}` started",
            EventType.GateFinished => $"gate `{S(d, "command")}` {(B(d, "passed") ? "passed" : B(d, "timed_out") ? "TIMED OUT" : "FAILED")}{Opt(d, "exit_code", " exit ")}",
            EventType.AgentMessage => $"agent: {S(d, "text")}",
            EventType.AgentReasoning => $"thinking: {S(d, "text")}",
            EventType.AgentCommand => $"agent ran `{S(d, "command")}`{Opt(d, "exit_code", " exit ")}",
            EventType.AgentFileChange => $"agent {(S(d, "kind") is { Length: > 0 } kind ? kind switch { "add" => "added", "delete" => "deleted", _ => "changed" } : "changed")} {S(d, "path")}",
            EventType.AgentSession => $"session {S(d, "session_id")} with {S(d, "agent")}{(B(d, "resumed") ? " (continued)" : " (new)")}",
            EventType.AgentTool => $"agent tool {S(d, "name")} {S(d, "status")}",
            EventType.AgentUsage => $"usage: {S(d, "input_tokens")} in / {S(d, "output_tokens")} out tokens{Opt(d, "cost_usd", ", $")}",
            EventType.AgentError => $"{(B(d, "fatal") ? "agent error" : "agent warning")}: {S(d, "message")}",
            EventType.RecoveryAction => $"recovery: {S(d, "agent")} {S(d, "failure").Replace('_', ' ')} → {S(d, "action").Replace('_', ' ')}{Opt(d, "to_agent", " to ")}{Opt(d, "delay_ms", " after ", " ms")}",
            EventType.AgentRaw => S(d, "line") is { Length: > 0 } line ? line : d.ToJsonString(),
            EventType.PolicyViolation => $"POLICY: {S(d, "reason")}",
            EventType.TaskQueued => $"queued ({S(d, "state")}): {S(d, "title")}{Opt(d, "by", " — by ")}",
            EventType.TaskState => $"task {S(d, "from")} → {S(d, "state")}{Suffix(d, "reason")}{(S(d, "by") is "baton" or "" ? "" : $" (by {S(d, "by")})")}",
            EventType.RunHeartbeat or EventType.ReviewVerdict or EventType.ReviewDecision
                or EventType.ApprovalRequested or EventType.ApprovalAnswered
                => $"{e.Type.Name()} {d.ToJsonString()}",
        };
    }

    private static string S(JsonObject d, string key) => d[key] switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(),
    };

    private static bool B(JsonObject d, string key) => d[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string Opt(JsonObject d, string key, string prefix, string suffix = "") =>
        d[key] is null ? "" : prefix + S(d, key) + suffix;

    private static string Suffix(JsonObject d, string key) => d[key] is null ? "" : ": " + S(d, key);

    private static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;
}
