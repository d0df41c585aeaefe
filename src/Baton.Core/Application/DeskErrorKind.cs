namespace Baton.Core.Application;

/// <summary>Why the desk refused an operation; each surface maps it (CLI exit 2, HTTP 400/404/409, a sentence in chat).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<DeskErrorKind>))]
public enum DeskErrorKind
{
    /// <summary>The request is malformed or names what does not exist in the config; <see cref="DeskException.Problems"/> lists each.</summary>
    Invalid,

    /// <summary>No task or run with that id.</summary>
    NotFound,

    /// <summary>The task or run is not in a state that allows it (still running, already finished…).</summary>
    Conflict,

    /// <summary>An approve/deny/answer/review when nothing is waiting for one.</summary>
    NothingWaiting,

    /// <summary>The rules do not let this person do it (the task's requester approving it with <c>policy.allow_self_approval: false</c>).</summary>
    Forbidden,
}
