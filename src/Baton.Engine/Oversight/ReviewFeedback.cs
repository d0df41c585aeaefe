using System.Text;
using Baton.Core.Model;
using Baton.Core.Reviews;
using Baton.Core.Text;
using Baton.Engine.Execution;

namespace Baton.Engine.Oversight;

/// <summary>What a builder is told after a review sent its attempt back: each reviewer's findings, and a person's guidance.</summary>
public static class ReviewFeedback
{
    /// <summary>The feedback from attempt <paramref name="attempt"/>, or null when no review sent it back.</summary>
    public static async Task<string?> ForAsync(EngineServices services, string runId, int attempt)
    {
        var verdicts = (await services.Store.ListVerdictsAsync(runId, CancellationToken.None))
            .Where(v => v.Attempt == attempt && v.Verdict != Verdict.Approved).ToList();
        var guidance = (await services.Store.ListApprovalsAsync(runId, CancellationToken.None))
            .Where(a => a.Attempt == attempt && a.Answer == ApprovalAnswer.Answered && a.Note is not null).ToList();
        if (verdicts.Count == 0 && guidance.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var v in verdicts)
        {
            text.AppendLine();
            text.Append("## ").Append(v.Reviewer).Append(": ").Append(v.Verdict.WireName()).AppendLine(v.Summary is null ? "" : $" — {v.Summary}");
            foreach (var f in v.Findings)
            {
                var where = f.File is null ? "" : f.Line is { } line ? $"{f.File}:{line}: " : $"{f.File}: ";
                text.Append("- ").Append(where).Append(f.Severity is null ? "" : $"({f.Severity}) ").AppendLine(f.Note);
            }
        }

        foreach (var g in guidance)
        {
            text.AppendLine();
            text.Append("## Guidance from ").AppendLine(g.AnsweredBy);
            text.AppendLine(g.Note);
        }

        return text.ToString();
    }
}
