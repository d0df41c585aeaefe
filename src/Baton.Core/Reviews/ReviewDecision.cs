namespace Baton.Core.Reviews;

/// <summary>What the decision policy makes of a review's verdicts.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<ReviewDecision>))]
public enum ReviewDecision
{
    /// <summary>Every reviewer approved.</summary>
    Continue,
    /// <summary>Concerns below the pause threshold: the run goes on, the concerns shown.</summary>
    Warn,
    /// <summary>Enough concerns that a person decides (the run parks).</summary>
    Pause,
    /// <summary>A blocker: a person decides whether and how the run goes on (the run parks as an escalation).</summary>
    Escalate,
    /// <summary>The findings go back to the builder as another attempt.</summary>
    SendBack,
}
