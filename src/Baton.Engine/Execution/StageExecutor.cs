using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Text;
using Baton.Engine.Logging;

namespace Baton.Engine.Execution;

/// <summary>Runs one planned stage to its end: tries, retries with exponential back-off and jitter, records and events.</summary>
public sealed class StageExecutor(EngineServices services)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    public async Task<StageOutcome> RunAsync(RunContext ctx, PlannedStage stage)
    {
        var config = stage.Config;
        var record = new StageRecord { RunId = ctx.Run.Id, StageId = stage.Id, Kind = config.Kind.ToString().ToLowerInvariant(), Attempt = ctx.Attempt };
        var log = ctx.Files.OpenLog(stage.Id);
        StageOutcome outcome = StageOutcome.Fail(RunReason.StageFailed, "did not run");
        var maxTries = config.Retries + 1;
        for (var attemptTry = 1; attemptTry <= maxTries; attemptTry++)
        {
            ctx.Token.ThrowIfCancellationRequested();
            record = record with { State = StageState.Running, Tries = attemptTry, StartedAt = services.Time.GetUtcNow(), FinishedAt = null, ExitCode = null, Error = null };
            await services.Store.UpsertStageAsync(record, ctx.Run.Epoch, CancellationToken.None);
            ctx.Run = await services.Store.TransitionRunAsync(
                new RunChange { RunId = ctx.Run.Id, Epoch = ctx.Run.Epoch, CurrentStage = stage.Id }, CancellationToken.None);
            ctx.Journal.Emit(stage.Id, StartedData(ctx, stage, attemptTry));
            await ctx.Journal.FlushAsync(CancellationToken.None);

            outcome = await DispatchAsync(ctx, stage, log);
            ctx.Token.ThrowIfCancellationRequested();
            if (outcome.Succeeded || outcome.SendBack || attemptTry == maxTries)
            {
                break;
            }

            var delay = RetryDelay(config.RetryDelay, attemptTry);
            ctx.Journal.Emit(stage.Id, new StageRetryData { Try = attemptTry, Error = outcome.Error, DelayMs = (long)delay.TotalMilliseconds });
            await Task.Delay(delay, services.Time, ctx.Token);
        }

        var finished = services.Time.GetUtcNow();
        record = record with
        {
            State = outcome.Succeeded ? StageState.Succeeded : StageState.Failed,
            ExitCode = outcome.ExitCode,
            Error = outcome.Error,
            AllowedFailure = !outcome.Succeeded && config.AllowFailure,
            FinishedAt = finished,
        };
        // The stage's row and its stage.finished go in one transaction: a kill between them would leave a stage done
        // without its event (never shown finished), or finished without being done (run again, finished twice).
        await ctx.Journal.EmitWithStageAsync(stage.Id, new StageFinishedData
        {
            Status = record.State == StageState.Succeeded ? "succeeded" : "failed",
            ExitCode = outcome.ExitCode,
            Error = outcome.Error,
            AllowedFailure = record.AllowedFailure,
            Attempt = ctx.Attempt,
            Tries = record.Tries,
            Seconds = Math.Round((finished - record.StartedAt!.Value).TotalSeconds, 3),
            OutputTail = Tail(outcome.OutputTail, 20),
        }, record);
        return outcome;
    }

    private async Task<StageOutcome> DispatchAsync(RunContext ctx, PlannedStage stage, TextWriter log)
    {
        try
        {
            return stage.Config.Kind switch
            {
                StageKind.Command => await CommandStage.RunAsync(services, ctx, stage, log),
                StageKind.Agent => await AgentStage.RunAsync(services, ctx, stage, log),
                StageKind.Approval => await new Oversight.ApprovalGate(services).StageAsync(ctx, stage),
                StageKind.Review => await new Oversight.ReviewStage(services).RunAsync(ctx, stage),
                StageKind.Pipeline => StageOutcome.Fail(RunReason.StageFailed, $"nested pipeline `{stage.Config.Pipeline}` does not exist"),
            };
        }
        catch (OperationCanceledException) when (ctx.Token.IsCancellationRequested)
        {
            throw;
        }
        catch (Oversight.ParkRequestException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A stage that could not even run is a failed stage, never a crash of the run.
            EngineLog.StageCrashed(services.Logs.CreateLogger(EngineLog.Category), ctx.Run.Id, stage.Id, ex);
            log.WriteLine($"baton: stage could not run: {ex.Message}");
            return StageOutcome.Fail(RunReason.StageFailed, ex.Message);
        }
    }

    private StageStartedData StartedData(RunContext ctx, PlannedStage stage, int attemptTry)
    {
        var agent = stage.Config.Kind == StageKind.Agent;
        return new StageStartedData
        {
            Kind = stage.Config.Kind.WireName(),
            Attempt = ctx.Attempt,
            Try = attemptTry,
            Role = agent ? (stage.Config.Role ?? AgentRole.Builder).WireName() : null,
            Agent = agent ? AgentStage.ResolveAgentName(services, ctx, stage.Config) : null,
            Command = agent ? null : stage.Config.Command,
        };
    }

    /// <summary>base × 2^(n-1), ±50% jitter, capped.</summary>
    public static TimeSpan RetryDelay(TimeSpan baseDelay, int failedTries)
    {
        var exp = baseDelay.TotalMilliseconds * Math.Pow(2, failedTries - 1);
        var jittered = exp * (0.5 + Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxRetryDelay.TotalMilliseconds));
    }

    public static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
