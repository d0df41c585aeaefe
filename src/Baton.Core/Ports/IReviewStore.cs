using Baton.Core.Reviews;

namespace Baton.Core.Ports;

/// <summary>Reviewers' verdicts, one row per reviewer, stage and attempt of a run (a later one for the same replaces it).</summary>
public interface IReviewStore
{
    Task AddVerdictAsync(ReviewVerdictRecord verdict, CancellationToken ct);

    /// <summary>Every verdict of a run, in the order they were given.</summary>
    Task<IReadOnlyList<ReviewVerdictRecord>> ListVerdictsAsync(string runId, CancellationToken ct);
}
