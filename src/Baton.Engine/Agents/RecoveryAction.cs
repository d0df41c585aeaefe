namespace Baton.Engine.Agents;

/// <summary>What Baton does about a failed agent turn. Serialized snake_case in <c>recovery.action</c> events.</summary>
public enum RecoveryAction
{
    /// <summary>Back off, then run the same turn again (rate limit, overload).</summary>
    Retry,
    /// <summary>Forget the session and run the turn in a new one (the old one cannot be resumed).</summary>
    FreshSession,
    /// <summary>Run the CLI again with flags corrected for the failure (an untrusted folder).</summary>
    Relaunch,
    /// <summary>Hand the turn to the next agent of the chain (CLI missing, credentials refused, outage that did not pass).</summary>
    FallBack,
    /// <summary>Stop and hand the run to a person (the agent reached outside its workspace).</summary>
    Escalate,
    /// <summary>Nothing more to try: the stage fails with the agent's reason.</summary>
    GiveUp,
}
