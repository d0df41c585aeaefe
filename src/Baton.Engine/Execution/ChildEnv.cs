namespace Baton.Engine.Execution;

/// <summary>
/// What every child of a run sees on top of the explicit base environment: the variables <c>policy.env_pass</c> and the
/// project's <c>env_pass</c> name (when set in Baton's environment), then the <c>BATON_*</c> variables.
/// </summary>
public static class ChildEnv
{
    public static IReadOnlyDictionary<string, string> For(EngineServices services, RunContext ctx, string stage, IReadOnlyDictionary<string, string>? extra = null)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in services.Config.Policy.EnvPass.Concat(ctx.Project.EnvPass))
        {
            if (services.Secrets(name) is { } value)
            {
                vars[name] = value;
            }
        }

        vars["BATON_TASK_ID"] = ctx.Task.Id;
        vars["BATON_RUN_ID"] = ctx.Run.Id;
        vars["BATON_STAGE"] = stage;
        vars["BATON_ATTEMPT"] = ctx.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        vars["BATON_WORKSPACE"] = ctx.WorkspacePath;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            vars[k] = v;
        }

        return services.ChildEnvironment(vars);
    }
}
