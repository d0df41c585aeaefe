using Baton.Core.Model;

namespace Baton.Engine.Oversight;

/// <summary>
/// Thrown where a run must wait for a person (an <c>approval</c> stage not answered yet, say). The executor catches it
/// at the stage boundary and parks the run: no process held, no slot, the question stored.
/// </summary>
public sealed class ParkRequestException(ApprovalKind kind, string key, string question, string? stage) : Exception(question)
{
    public ApprovalKind Kind { get; } = kind;

    /// <summary>What asks, unique per run (<see cref="ApprovalRecord.Key"/>).</summary>
    public string Key { get; } = key;

    public string Question { get; } = question;

    public string? Stage { get; } = stage;
}
