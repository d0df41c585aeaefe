namespace Baton.Core.Model;

/// <summary>
/// Where one run stands. <see cref="Interrupted"/> is the only state a run reaches without its owner: it is resumable.
/// <see cref="NeedsInput"/> is parked until a person answers (no process, no slot, no owner): an approval stage, a
/// review decision or an escalation asked a question (<see cref="ApprovalRecord"/>).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<RunState>))]
public enum RunState
{
    Preparing,
    Running,
    Gating,
    Reviewing,
    NeedsInput,
    Interrupted,
    Succeeded,
    Failed,
    Stopped,
}
