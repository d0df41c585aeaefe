using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Oversight;

/// <summary>
/// Parks a run at a stage boundary until a person answers: the question stored first (so nobody resumes a run whose
/// question is not written), then events, then the run <c>needs_input</c> without an owner (no process, no slot), then
/// its task. The run's timeout stops with it: a resumed run starts its clock again.
/// </summary>
public sealed class RunParking(EngineServices services)
{
    public async Task<RunOutcome> ParkAsync(RunContext ctx, ParkRequestException ask)
    {
        var now = services.Time.GetUtcNow();
        var question = await services.Store.AskAsync(new ApprovalRecord
        {
            Id = Ids.NewApprovalId(),
            RunId = ctx.Run.Id,
            TaskId = ctx.Task.Id,
            Key = ask.Key,
            Kind = ask.Kind,
            Question = ask.Question,
            Stage = ask.Stage,
            Attempt = ctx.Attempt,
            RequestedAt = now,
        }, CancellationToken.None);

        foreach (var stage in (await services.Store.ListStagesAsync(ctx.Run.Id, CancellationToken.None)).Where(s => s.State == StageState.Running))
        {
            await services.Store.UpsertStageAsync(stage with { State = StageState.Pending, Error = "waiting for a person" }, ctx.Run.Epoch, CancellationToken.None);
            ctx.Journal.Emit(stage.StageId, new StageFinishedData { Status = "waiting", Error = "waiting for a person", Attempt = stage.Attempt });
        }

        var message = $"waiting for a person: {question.Question} (`baton approve {ctx.Run.Id}` or `baton deny {ctx.Run.Id}`)";
        ctx.Journal.Emit(ask.Stage, new ApprovalRequestedData { Id = question.Id, Reason = question.Question, Kind = question.Kind.WireName() });
        ctx.Journal.Emit(null, RunStateData.Of(RunState.NeedsInput, ctx.Attempt, message));
        await ctx.Journal.FlushAsync(CancellationToken.None);
        ctx.Run = await services.Store.TransitionRunAsync(new RunChange
        {
            RunId = ctx.Run.Id,
            Epoch = ctx.Run.Epoch,
            To = RunState.NeedsInput,
            Reason = RunReason.WaitingForPerson,
            Message = message,
            ReleaseOwner = true,
        }, CancellationToken.None);
        await new Tasks.TaskLedger(services).MoveAsync(new TaskChange
        {
            TaskId = ctx.Task.Id,
            To = TaskState.NeedsInput,
            Expected = [TaskState.Running, TaskState.Gating],
            Reason = message,
            At = now,
        }, CancellationToken.None);
        await new RunFinisher(services).WriteManifestAsync(ctx);
        return new RunOutcome(ctx.Task.Id, ctx.Run.Id, RunState.NeedsInput, RunReason.WaitingForPerson, message);
    }
}
