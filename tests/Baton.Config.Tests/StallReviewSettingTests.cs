namespace Baton.Config.Tests;

/// <summary><c>policy.stall_review_after</c>: off by default, a duration or <c>off</c>, at least a second.</summary>
public sealed class StallReviewSettingTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private static ConfigLoadResult Load(string value) => ConfigLoader.LoadText($"version: 1\npolicy:\n  stall_review_after: {value}\n", "baton.yaml", Defaults);

    [Fact]
    public void It_is_off_unless_set() =>
        ConfigLoader.LoadText("version: 1\n", "baton.yaml", Defaults).Config.Policy.StallReviewAfter.ShouldBeNull();

    [Theory]
    [InlineData("15m", 900.0)]
    [InlineData("off", null)]
    public void A_duration_or_off(string value, double? seconds) =>
        (Load(value).Config.Policy.StallReviewAfter?.TotalSeconds).ShouldBe(seconds);

    [Theory]
    [InlineData("0s", "at least 1s")]
    [InlineData("soon", "expected a duration")]
    public void A_bad_value_is_refused(string value, string fragment) =>
        Load(value).Errors.ShouldContain(e => e.Path == "policy.stall_review_after" && e.Message.Contains(fragment, StringComparison.Ordinal));
}
