using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary>The <c>sync:</c> section: the receiver's URL, its token variable, the back-off; bad values refused with their key paths.</summary>
public sealed class SyncSectionTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private static ConfigLoadResult Load(string sync) => ConfigLoader.LoadText("version: 1\nsync:\n" + sync, "baton.yaml", Defaults);

    [Fact]
    public void A_url_is_enough_and_the_rest_has_defaults()
    {
        var result = Load("  url: https://sync.example.com/runs\n");

        result.Errors.ShouldBeEmpty();
        var sync = result.Config.Sync.ShouldNotBeNull();
        sync.Url.ShouldBe(new Uri("https://sync.example.com/runs"));
        (sync.TokenEnv, sync.RetryDelay, sync.MaxDelay, sync.Timeout).ShouldBe(((string?)null, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Without_the_section_nothing_is_synced() =>
        ConfigLoader.LoadText("version: 1\n", "baton.yaml", Defaults).Config.Sync.ShouldBeNull();

    [Theory]
    [InlineData("  token_env: T\n", "sync.url", "missing")]
    [InlineData("  url: ftp://x/runs\n", "sync.url", "not an http(s) URL")]
    [InlineData("  url: https://x/runs\n  token_env: \"abc def\"\n", "sync.token_env", "never the token itself")]
    [InlineData("  url: https://x/runs\n  retry_delay: 0s\n", "sync.retry_delay", "longer than 0")]
    [InlineData("  url: https://x/runs\n  every: 5s\n", "sync.every", "unknown key")]
    public void A_bad_value_is_refused_with_its_key_path(string yaml, string path, string fragment)
    {
        var errors = Load(yaml).Errors;

        errors.ShouldContain(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal), string.Join("\n", errors));
    }
}
