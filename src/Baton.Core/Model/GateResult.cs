namespace Baton.Core.Model;

/// <summary>A gate's verdict. <see cref="Passed"/> is true only when the command ran to the end and exited 0.</summary>
public sealed record GateResult(string Command, int Attempt, bool Passed, int? ExitCode, bool TimedOut, double Seconds, string OutputTail);
