using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary>The <c>recovery:</c> section: tries again, the project's failure classifiers, and fallback tiers by role.</summary>
public sealed class RecoverySectionTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private const string Agents = "agents:\n  codex: { kind: codex }\n  claude: { kind: claude }\n  gemini: { kind: gemini }\n";

    private static ConfigLoadResult Load(string recovery) => ConfigLoader.LoadText("version: 1\n" + Agents + "recovery:\n" + recovery, "baton.yaml", Defaults);

    [Fact]
    public void Without_the_section_transient_failures_get_two_tries_and_there_are_no_rules_or_tiers()
    {
        var recovery = ConfigLoader.LoadText("version: 1\n", "baton.yaml", Defaults).Config.Recovery;

        (recovery.Retries, recovery.Classify.Count, recovery.Tiers.Count).ShouldBe((2, 0, 0));
    }

    [Fact]
    public void Rules_and_tiers_are_read_in_order()
    {
        var result = Load("""
              retries: 4
              classify:
                - { output: "ECONNRESET|socket hang up", as: transient }
                - { exit_code: 3, as: hard }
                - { output: "sandbox", exit_code: 1, as: escalate }
              tiers:
                - { planner: gemini, builder: claude, reviewer: codex }
                - { planner: claude, builder: codex }
            """);

        result.Errors.ShouldBeEmpty();
        var recovery = result.Config.Recovery;
        recovery.Retries.ShouldBe(4);
        recovery.Classify.Select(r => (r.Output, r.ExitCode, r.As)).ShouldBe(
            [("ECONNRESET|socket hang up", null, FailureClass.Transient), (null, 3, FailureClass.Hard), ("sandbox", 1, FailureClass.Escalate)]);
        recovery.Tiers[0][AgentRole.Builder].ShouldBe("claude");
        recovery.Tiers[1].ContainsKey(AgentRole.Reviewer).ShouldBeFalse();
    }

    [Theory]
    [InlineData("  retries: 50\n", "recovery.retries", "out of range")]
    [InlineData("  classify:\n    - { as: transient }\n", "recovery.classify[0]", "matches nothing")]
    [InlineData("  classify:\n    - { output: \"(unclosed\", as: hard }\n", "recovery.classify[0].output", "not a valid regular expression")]
    [InlineData("  classify:\n    - { output: x }\n", "recovery.classify[0]", "with `as`")]
    [InlineData("  classify:\n    - { output: x, as: flaky }\n", "recovery.classify[0].as", "not a valid failure class")]
    [InlineData("  tiers:\n    - { builder: codx }\n", "recovery.tiers[0].builder", "Did you mean `codex`")]
    [InlineData("  tiers:\n    - { coder: codex }\n", "recovery.tiers[0].coder", "unknown key")]
    [InlineData("  retry: 2\n", "recovery.retry", "Valid keys: retries, classify, tiers")]
    public void A_bad_value_is_refused_with_its_key_path(string yaml, string path, string fragment)
    {
        var errors = Load(yaml).Errors;

        errors.ShouldContain(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Fact]
    public void A_rule_matches_by_pattern_in_any_case_and_by_exit_code_together()
    {
        var both = new FailureRule { Output = "sandbox", ExitCode = 1, As = FailureClass.Escalate };

        both.Matches(1, "refused: SANDBOX says no").ShouldBeTrue();
        both.Matches(2, "refused: sandbox says no").ShouldBeFalse();
        both.Matches(1, "refused").ShouldBeFalse();
        new FailureRule { ExitCode = 7 }.Matches(7, "").ShouldBeTrue();
    }
}
