using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary>The <c>retention:</c> section: how long finished runs' store events and run directories are kept.</summary>
public sealed class RetentionSectionTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private static ConfigLoadResult Load(string retention) => ConfigLoader.LoadText("version: 1\nretention:\n" + retention, "baton.yaml", Defaults);

    [Fact]
    public void Without_the_section_events_are_kept_30_days_and_run_files_90()
    {
        var retention = ConfigLoader.LoadText("version: 1\n", "baton.yaml", Defaults).Config.Retention;

        (retention.Events, retention.RunFiles).ShouldBe((TimeSpan.FromDays(30), TimeSpan.FromDays(90)));
    }

    [Fact]
    public void Each_is_a_duration_or_never()
    {
        var result = Load("  events: 7d\n  run_files: never\n");

        result.Errors.ShouldBeEmpty();
        (result.Config.Retention.Events, result.Config.Retention.RunFiles).ShouldBe((TimeSpan.FromDays(7), (TimeSpan?)null));
    }

    [Fact]
    public void Merged_branches_go_after_7_days_and_abandoned_ones_are_kept_unless_set()
    {
        var defaults = ConfigLoader.LoadText("version: 1\n", "baton.yaml", Defaults).Config.Retention;
        var set = Load("  merged_branches: never\n  abandoned_branches: 3d\n");

        (defaults.MergedBranches, defaults.AbandonedBranches).ShouldBe((TimeSpan.FromDays(7), (TimeSpan?)null));
        set.Errors.ShouldBeEmpty();
        (set.Config.Retention.MergedBranches, set.Config.Retention.AbandonedBranches).ShouldBe(((TimeSpan?)null, TimeSpan.FromDays(3)));
    }

    [Theory]
    [InlineData("  events: 30d\n  run_files: 7d\n", "retention.run_files", "shorter than retention.events")]
    [InlineData("  events: soon\n", "retention.events", "expected a duration")]
    [InlineData("  logs: 1d\n", "retention.logs", "unknown key")]
    public void A_bad_value_is_refused_with_its_key_path(string yaml, string path, string fragment)
    {
        var errors = Load(yaml).Errors;

        errors.ShouldContain(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal), string.Join("\n", errors));
    }
}
