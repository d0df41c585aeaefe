using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Engine.Logging;
using Baton.Engine.Supervision;

namespace Baton.Engine.Execution;

/// <summary>
/// Runs every gate on the final workspace. Fails closed: a gate passes only when it ran to the end and exited 0; a
/// gate that could not start, timed out, or was blocked by policy is a failed gate.
/// </summary>
public sealed class GateRunner(EngineServices services)
{
    public async Task<IReadOnlyList<GateResult>> RunAllAsync(RunContext ctx)
    {
        var results = new List<GateResult>();
        var log = ctx.Files.OpenLog("gates");
        foreach (var gate in ctx.Pipeline.Gates)
        {
            ctx.Token.ThrowIfCancellationRequested();
            ctx.Journal.Emit("gates", new GateStartedData { Command = gate.Command, Attempt = ctx.Attempt });
            await ctx.Journal.FlushAsync(CancellationToken.None);
            var result = await RunOneAsync(ctx, gate, log);
            ctx.Token.ThrowIfCancellationRequested();
            results.Add(result);
            ctx.Gates.Add(result);
            await services.Store.AddGateResultAsync(ctx.Run.Id, result, ctx.Run.Epoch, CancellationToken.None);
            ctx.Journal.Emit("gates", new GateFinishedData
            {
                Command = result.Command,
                Attempt = result.Attempt,
                Passed = result.Passed,
                ExitCode = result.ExitCode,
                TimedOut = result.TimedOut,
                Seconds = Math.Round(result.Seconds, 3),
                OutputTail = result.OutputTail,
            });
            await ctx.Journal.FlushAsync(CancellationToken.None);
        }

        return results;
    }

    private async Task<GateResult> RunOneAsync(RunContext ctx, GateConfig gate, TextWriter log)
    {
        var started = services.Time.GetTimestamp();
        if (CommandPolicy.Violation(gate.Command, services.Config.Policy) is { } violation)
        {
            ctx.Journal.Emit("gates", new PolicyViolationData { Command = gate.Command, Reason = violation });
            return new GateResult(gate.Command, ctx.Attempt, false, null, false, 0, violation);
        }

        try
        {
            var result = await new ProcessSupervisor(services).RunShellAsync(ctx, "gates", gate.Command, gate.Timeout, log, ctx.Token);
            var seconds = services.Time.GetElapsedTime(started).TotalSeconds;
            return new GateResult(gate.Command, ctx.Attempt, result.Succeeded, result.ExitCode, result.TimedOut, seconds,
                StageExecutor.Tail(result.Tail, 60));
        }
        catch (OperationCanceledException) when (ctx.Token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EngineLog.GateCrashed(services.Logs.CreateLogger(EngineLog.Category), ctx.Run.Id, gate.Command, ex);
            return new GateResult(gate.Command, ctx.Attempt, false, null, false, services.Time.GetElapsedTime(started).TotalSeconds,
                $"gate could not run: {ex.Message}");
        }
    }
}
