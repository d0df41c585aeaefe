using System.CommandLine;
using Baton.Cli.Hosting;
using Baton.Core.Model;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton approve|deny|answer|review RUN</c>: a person's word on a run, through the desk (exit 2 with the reason when
/// nothing waits, several questions wait, or the rules do not let this person answer).
/// </summary>
public static class OversightCommands
{
    public static IEnumerable<Command> Create()
    {
        var id = new Argument<string>("run");
        var approvalId = new Option<string?>("--id") { Description = "Which pending approval (when several wait)" };
        var approve = new Command("approve", "Approve what a run is waiting for") { id, approvalId };
        Verb.WithApp(approve, async (app, parse, ui, ct) =>
        {
            var question = await app.Desk.ApproveAsync(parse.GetValue(id)!, parse.GetValue(approvalId), BatonApp.Actor, ct);
            ui.Line(question.Kind == ApprovalKind.Command ? "approved: the agent runs the command" : "approved");
            return ExitCodes.Success;
        });
        yield return approve;

        var denyId = new Argument<string>("run");
        var denyApproval = new Option<string?>("--id") { Description = "Which pending approval (when several wait)" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown to the agent and in the run's events)" };
        var deny = new Command("deny", "Deny what a run is waiting for") { denyId, denyApproval, reason };
        Verb.WithApp(deny, async (app, parse, ui, ct) =>
        {
            var question = await app.Desk.DenyAsync(parse.GetValue(denyId)!, parse.GetValue(denyApproval), parse.GetValue(reason), BatonApp.Actor, ct);
            ui.Line(question.Kind == ApprovalKind.Command ? "denied: the agent is told no, and the run goes on" : "denied");
            return ExitCodes.Success;
        });
        yield return deny;

        var answerId = new Argument<string>("run");
        var text = new Argument<string>("text") { Description = "Your answer to the run's question" };
        var answer = new Command("answer", "Answer the question a run escalated to a person") { answerId, text };
        Verb.WithApp(answer, async (app, parse, ui, ct) =>
        {
            await app.Desk.AnswerAsync(parse.GetValue(answerId)!, parse.GetValue(text)!, BatonApp.Actor, ct);
            ui.Line("answered");
            return ExitCodes.Success;
        });
        yield return answer;

        var reviewId = new Argument<string>("run");
        var review = new Command("review", "Ask the reviewers of a run's pipeline for verdicts on its work now (a run that ended or waits)") { reviewId };
        Verb.WithApp(review, async (app, parse, ui, ct) =>
        {
            var verdicts = await app.Desk.RequestReviewAsync(parse.GetValue(reviewId)!, BatonApp.Actor, ct);
            ui.Result(verdicts, static j => j.IReadOnlyListReviewVerdictRecord, u =>
            {
                foreach (var v in verdicts)
                {
                    u.Line($"{v.Reviewer}: {v.Verdict.ToString().ToLowerInvariant()}{(v.Summary is null ? "" : " — " + v.Summary)}");
                    foreach (var f in v.Findings)
                    {
                        u.Line($"  {(f.File is null ? "" : f.Line is { } line ? $"{f.File}:{line} " : f.File + " ")}{(f.Severity is null ? "" : $"({f.Severity}) ")}{f.Note}");
                    }
                }
            });
            return ExitCodes.Success;
        });
        yield return review;
    }
}
