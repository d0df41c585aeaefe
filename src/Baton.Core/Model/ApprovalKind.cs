namespace Baton.Core.Model;

/// <summary>Why a run waits for a person.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<ApprovalKind>))]
public enum ApprovalKind
{
    /// <summary>An <c>approval</c> stage, or <c>policy.approval: always</c> before the result counts.</summary>
    Approval,
    /// <summary>The review decision policy wants a person (e.g. two or more concerns).</summary>
    Review,
    /// <summary>A blocker or a failure Baton cannot recover from: a person decides whether and how the run goes on.</summary>
    Escalation,
    /// <summary>An agent asked to run a command <c>policy.confirm_commands</c> names; the agent waits (the run is not parked).</summary>
    Command,
}
