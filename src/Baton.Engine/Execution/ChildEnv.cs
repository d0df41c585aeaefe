namespace Baton.Engine.Execution;

/// <summary>The <c>BATON_*</c> variables every child of a run sees, on top of the explicit base environment.</summary>
public static class ChildEnv
{
    public static IReadOnlyDictionary<string, string> For(EngineServices services, RunContext ctx, string stage, IReadOnlyDictionary<string, string>? extra = null)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BATON_TASK_ID"] = ctx.Task.Id,
            ["BATON_RUN_ID"] = ctx.Run.Id,
            ["BATON_STAGE"] = stage,
            ["BATON_ATTEMPT"] = ctx.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BATON_WORKSPACE"] = ctx.WorkspacePath,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            vars[k] = v;
        }

        return services.ChildEnvironment(vars);
    }
}
