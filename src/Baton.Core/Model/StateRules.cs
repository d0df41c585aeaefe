namespace Baton.Core.Model;

/// <summary>The few facts about states that every layer needs to agree on.</summary>
public static class StateRules
{
    public static bool IsTerminal(this TaskState state) => state switch
    {
        TaskState.Succeeded or TaskState.Failed or TaskState.Cancelled or TaskState.Escalated => true,
        TaskState.Queued or TaskState.Waiting or TaskState.Running or TaskState.Gating
            or TaskState.Paused or TaskState.NeedsInput => false,
    };

    public static bool IsTerminal(this RunState state) => state switch
    {
        RunState.Succeeded or RunState.Failed or RunState.Stopped => true,
        RunState.Preparing or RunState.Running or RunState.Gating or RunState.Reviewing
            or RunState.NeedsInput or RunState.Interrupted => false,
    };

    /// <summary>A run in one of these states has a live owner process, or had one that died.</summary>
    public static bool IsActive(this RunState state) => !state.IsTerminal() && state is not (RunState.Interrupted or RunState.NeedsInput);
}
