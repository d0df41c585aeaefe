using Baton.Core.Model;

namespace Baton.Engine.Execution;

/// <summary>The end of one try of one stage.</summary>
public sealed record StageOutcome(bool Succeeded, int? ExitCode, RunReason FailureReason, string? Error, string OutputTail = "")
{
    /// <summary>A review that sends the work back to the builder as another attempt (the findings reach its prompt).</summary>
    public bool SendBack { get; init; }

    public static StageOutcome Back(string why) => new(false, null, RunReason.ReviewBlocked, why) { SendBack = true };

    public static StageOutcome Ok(int? exitCode, string tail = "") => new(true, exitCode, RunReason.GatesPassed, null, tail);

    public static StageOutcome Fail(RunReason reason, string error, int? exitCode = null, string tail = "") =>
        new(false, exitCode, reason, error, tail);
}
