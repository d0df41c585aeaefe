namespace Baton.ModelServer.Wire;

/// <summary>What a writer needs besides the reply: the model name to echo, streaming or not, and the usage delay.</summary>
internal sealed record ReplyContext(string Model, bool Stream, TimeSpan? UsageDelay)
{
    public const int InputTokens = 100;
    public const int OutputTokens = 10;

    public Task DelayUsageAsync(CancellationToken ct) => UsageDelay is { } delay && delay > TimeSpan.Zero ? Task.Delay(delay, ct) : Task.CompletedTask;
}
