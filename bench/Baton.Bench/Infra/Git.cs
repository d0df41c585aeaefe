namespace Baton.Bench.Infra;

/// <summary>The git CLI with a fixed identity, so the throwaway repositories never depend on the user's config.</summary>
internal static class Git
{
    public static readonly IReadOnlyDictionary<string, string> Identity = new Dictionary<string, string>
    {
        ["GIT_AUTHOR_NAME"] = "Baton Bench",
        ["GIT_AUTHOR_EMAIL"] = "bench@baton.invalid",
        ["GIT_COMMITTER_NAME"] = "Baton Bench",
        ["GIT_COMMITTER_EMAIL"] = "bench@baton.invalid",
    };

    public static async Task<string> RunAsync(string dir, CancellationToken ct, params string[] args)
    {
        var outcome = await ChildProcess.RunAsync("git", args, dir, TimeSpan.FromMinutes(2), ct, Identity);
        return outcome.EnsureSuccess().Stdout.Trim();
    }
}
