using System.Globalization;
using Baton.Core.Model;
using Baton.Engine.Execution;

namespace Baton.Engine.Oversight;

/// <summary>
/// An agent failure only a person can judge (a path outside the workspace, a project classifier's <c>escalate</c>):
/// the run parks with the failure as its question instead of ending. Approved or answered, the stage runs again when
/// the run resumes — an answer is told to the agent; denied, the task ends <c>escalated</c> (the desk does that).
/// Each question of a stage's attempt has its own key, so a stage may ask again after a second such failure.
/// </summary>
public sealed class RecoveryEscalation
{
    private readonly string _prefix;
    private readonly string _stage;

    private RecoveryEscalation(string prefix, string stage, int asked, string? guidance)
    {
        _prefix = prefix;
        _stage = stage;
        Asked = asked;
        Guidance = guidance;
    }

    /// <summary>How many times this stage's attempt has asked already.</summary>
    public int Asked { get; }

    /// <summary>What people answered to those questions, for the agent's next prompt; null when nobody wrote anything.</summary>
    public string? Guidance { get; }

    public static async Task<RecoveryEscalation> ReadAsync(EngineServices services, RunContext ctx, string stage)
    {
        var prefix = $"recovery:{stage}@{ctx.Attempt.ToString(CultureInfo.InvariantCulture)}#";
        var asked = (await services.Store.ListApprovalsAsync(ctx.Run.Id, CancellationToken.None))
            .Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var notes = asked.Where(a => a.Answer == ApprovalAnswer.Answered && !string.IsNullOrWhiteSpace(a.Note))
            .Select(a => $"{a.AnsweredBy}: {a.Note!.Trim()}").ToList();
        return new RecoveryEscalation(prefix, stage, asked.Count, notes.Count == 0 ? null : string.Join('\n', notes));
    }

    /// <summary>The park request for a new failure, with what failed as its question.</summary>
    public ParkRequestException Park(RunContext ctx, string agent, string failure) =>
        new(ApprovalKind.Escalation, _prefix + (Asked + 1).ToString(CultureInfo.InvariantCulture),
            $"Stage `{_stage}` of task {ctx.Task.Id} (\"{ctx.Task.Title}\"): agent `{agent}` failed in a way Baton does not retry on its own — {failure}. "
            + "Approve to run the stage again, answer with guidance for the agent, or deny to end the task.",
            _stage);
}
