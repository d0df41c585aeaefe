using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>
/// Questions runs put to people (<see cref="ApprovalRecord"/>). Contract: a question is asked once per run and key
/// (asking again returns the stored one), and answered once: of two answers racing, exactly one wins.
/// </summary>
public interface IApprovalStore
{
    /// <summary>Stores the question, or returns the one already stored for the same run and key (answered or not).</summary>
    Task<ApprovalRecord> AskAsync(ApprovalRecord question, CancellationToken ct);

    /// <summary>Every question of a run, oldest first.</summary>
    Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(string runId, CancellationToken ct);

    /// <summary>Every question still waiting for an answer, across runs, oldest first.</summary>
    Task<IReadOnlyList<ApprovalRecord>> ListPendingApprovalsAsync(CancellationToken ct);

    /// <summary>Records the answer if the question is still pending; returns the question as stored afterwards, and
    /// whether this call answered it (false: someone answered first, or there is no such question).</summary>
    Task<(ApprovalRecord? Stored, bool Answered)> AnswerAsync(string id, ApprovalAnswer answer, string by, DateTimeOffset at, string? note, CancellationToken ct);
}
