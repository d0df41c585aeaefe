using Baton.Core.Model;

namespace Baton.Engine.Execution;

/// <summary>The end of one try of one stage.</summary>
public sealed record StageOutcome(bool Succeeded, int? ExitCode, RunReason FailureReason, string? Error, string OutputTail = "")
{
    public static StageOutcome Ok(int? exitCode, string tail = "") => new(true, exitCode, RunReason.GatesPassed, null, tail);

    public static StageOutcome Fail(RunReason reason, string error, int? exitCode = null, string tail = "") =>
        new(false, exitCode, reason, error, tail);
}
