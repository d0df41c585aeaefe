using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Core.Workspaces;

namespace Baton.Engine.Execution;

/// <summary>The project's bootstrap script, run once per workspace as a stage named <c>bootstrap</c> (timeout, retries).</summary>
public static class Bootstrap
{
    public const string StageId = "bootstrap";

    public static async Task RunAsync(EngineServices services, RunContext ctx)
    {
        if (ctx.Project.Bootstrap is not { } bootstrap)
        {
            return;
        }

        var records = await services.Store.ListStagesAsync(ctx.Run.Id, CancellationToken.None);
        if (records.Any(r => r.StageId == StageId && r.State == StageState.Succeeded))
        {
            return;
        }

        var script = bootstrap.Script.Contains(' ', StringComparison.Ordinal) ? bootstrap.Script : $"bash {Quote(bootstrap.Script)}";
        var stage = new PlannedStage(StageId, new StageConfig
        {
            Id = StageId,
            Kind = StageKind.Command,
            Command = script,
            Timeout = bootstrap.Timeout,
            Retries = bootstrap.Retries,
            RetryDelay = TimeSpan.FromSeconds(1),
        });
        var saved = ctx.Attempt;
        ctx.Attempt = 0;
        try
        {
            var outcome = await new StageExecutor(services).RunAsync(ctx, stage);
            if (!outcome.Succeeded)
            {
                throw new BootstrapFailedException($"bootstrap `{bootstrap.Script}` failed: {outcome.Error}");
            }
        }
        finally
        {
            ctx.Attempt = saved;
        }
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
