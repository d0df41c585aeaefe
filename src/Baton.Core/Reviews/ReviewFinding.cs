namespace Baton.Core.Reviews;

/// <summary>One thing a reviewer points at: where (file, line) and what, with the severity the reviewer gave it.</summary>
public sealed record ReviewFinding(string? File, int? Line, string? Severity, string Note);
