using Baton.ModelServer.Scripting;

namespace Baton.ModelServer;

/// <summary>Decides the model's reply to each request. Scripts should be stateless so retries and resumes are deterministic.</summary>
public sealed class ModelScript
{
    private readonly Func<ModelRequest, ModelReply> decide;

    private ModelScript(Func<ModelRequest, ModelReply> decide, TimeSpan? usageDelay)
    {
        this.decide = decide;
        UsageDelay = usageDelay;
    }

    /// <summary>
    /// Keyword-driven: FAIL_401/FAIL_429/FAIL_500, HANG, <c>RUN_SHELL[: command]</c>, <c>WRITE_FILE: path words…</c>;
    /// a tool result after the last prompt gets "Done. …"; anything else a hello that shows the user message count.
    /// </summary>
    public static ModelScript Default { get; } = new(DefaultScript.Decide, null);

    /// <summary>A pause before the final, usage-bearing event of every streamed reply (null: none).</summary>
    public TimeSpan? UsageDelay { get; }

    public static ModelScript From(Func<ModelRequest, ModelReply> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return new ModelScript(decide, null);
    }

    public ModelScript WithUsageDelay(TimeSpan? delay) => new(decide, delay);

    public ModelReply Decide(ModelRequest request) => decide(request);
}
