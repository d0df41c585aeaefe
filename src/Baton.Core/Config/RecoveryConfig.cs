namespace Baton.Core.Config;

/// <summary>
/// <c>recovery:</c> how a failed agent turn is recovered from beyond Baton's built-in failure signatures: how often a
/// transient failure is tried again, the project's own classifiers (by output pattern and exit code), and the tiers a
/// stage falls back through, agent by agent, keeping to its role.
/// </summary>
public sealed record RecoveryConfig
{
    public const int DefaultRetries = 2;

    /// <summary>Tries again (with back-off) a transient failure gets before the stage falls back or gives up.</summary>
    public int Retries { get; init; } = DefaultRetries;

    /// <summary>Checked in order before the built-in signatures; the first rule that matches names the failure's class.</summary>
    public IReadOnlyList<FailureRule> Classify { get; init; } = [];

    /// <summary>
    /// Teams of agents from best to last resort (seed 002's tiers). A stage of role R falls back to the agent each tier
    /// below gives R, in order; a stage that names no agent takes the first tier's agent for its role.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<AgentRole, string>> Tiers { get; init; } = [];
}

/// <summary>One classifier: a failed turn whose output matches <see cref="Output"/> (a regular expression, any case) and
/// whose exit code is <see cref="ExitCode"/> (each when given) is of class <see cref="As"/>.</summary>
public sealed record FailureRule
{
    private System.Text.RegularExpressions.Regex? _pattern;

    public string? Output { get; init; }
    public int? ExitCode { get; init; }
    public FailureClass As { get; init; }

    /// <summary>A pattern as a classifier matches it: any case, and bounded in time so a bad one cannot hang a run.</summary>
    public static System.Text.RegularExpressions.Regex Compile(string pattern) =>
        new(pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    /// <summary>Does a failed turn with this exit code and output match? A pattern that takes too long does not match.</summary>
    public bool Matches(int? exitCode, string output)
    {
        if (ExitCode is { } code && exitCode != code)
        {
            return false;
        }

        if (Output is not { } pattern)
        {
            return ExitCode is not null;
        }

        try
        {
            return (_pattern ??= Compile(pattern)).IsMatch(output);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>What a classifier says a failure is.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Baton.Core.Text.SnakeCaseEnum<FailureClass>))]
public enum FailureClass
{
    /// <summary>Passes by itself (a network blip, an overloaded endpoint): back off and try again, <c>retries</c> times.</summary>
    Transient,
    /// <summary>Trying again will not help: fall back to the next agent of the role, or fail the stage.</summary>
    Hard,
    /// <summary>Needs a person: the run waits for one (needs_input) with the failure as its question.</summary>
    Escalate,
}
