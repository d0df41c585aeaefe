namespace Baton.Processes;

/// <summary>
/// Builds the explicit environment a child process gets: a short allow-list of variables a tool needs to find
/// programs, its home and its locale, and nothing else from Baton's own environment (no tokens, keys or
/// <c>BATON_*</c> settings). Whatever else a child needs is passed in <c>extra</c>, on purpose.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>The variables copied from the current process when they are set.</summary>
    public static IReadOnlyList<string> Inherited { get; } =
        ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SHELL", "TERM"];

    public static IReadOnlyDictionary<string, string> Create(IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }
}
