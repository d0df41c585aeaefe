using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Engine.Supervision;

namespace Baton.Engine.Execution;

/// <summary>
/// A <c>command</c> stage: one shell command in the workspace, checked against the policy first. A task's own command
/// commits what it changed.
/// </summary>
public static class CommandStage
{
    public static async Task<StageOutcome> RunAsync(EngineServices services, RunContext ctx, PlannedStage stage, TextWriter log)
    {
        var command = stage.Config.Command!;
        if (CommandPolicy.Violation(command, services.Config.Policy) is { } violation)
        {
            ctx.Journal.Emit(stage.Id, new PolicyViolationData { Command = command, Reason = violation });
            return StageOutcome.Fail(RunReason.StageFailed, violation);
        }

        var result = await new ProcessSupervisor(services).RunShellAsync(ctx, stage.Id, command, stage.Config.Timeout, log, ctx.Token);
        if (result.Succeeded)
        {
            if (ctx.Task.Command is not null && stage.Id == RunSetup.TaskCommandStage)
            {
                // A task's own command is the task's work, as an agent's turn is: what it changed goes on the branch.
                await AgentStage.CommitAsync(services, ctx, stage.Id);
            }

            return StageOutcome.Ok(result.ExitCode, result.Tail);
        }

        return result.TimedOut
            ? StageOutcome.Fail(RunReason.Timeout, $"`{command}` timed out after {stage.Config.Timeout}", null, result.Tail)
            : StageOutcome.Fail(RunReason.StageFailed, result.Cancelled ? "cancelled" : $"`{command}` exited {result.ExitCode}", result.ExitCode, result.Tail);
    }
}
