using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary><c>policy.env_pass</c> and <c>projects[].env_pass</c>: read, and refused for what is not a name or is a secret's.</summary>
public sealed class EnvPassTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    [Fact]
    public void Both_lists_are_read()
    {
        var result = ConfigLoader.LoadText("""
            policy: { env_pass: [HTTPS_PROXY, MY_INDEX] }
            projects:
              - { key: app, env_pass: [PROJECT_MIRROR] }
            """, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Policy.EnvPass.ShouldBe(["HTTPS_PROXY", "MY_INDEX"]);
        result.Config.Projects[0].EnvPass.ShouldBe(["PROJECT_MIRROR"]);
    }

    [Fact]
    public void A_bad_name_or_a_secret_is_refused_with_its_path()
    {
        var errors = ConfigLoader.LoadText("""
            agents:
              shell: { kind: command, command: "true", api_key_env: SHELL_KEY }
            server: { token_env: API_TOKEN }
            policy: { env_pass: ["9LIVES", "HAS SPACE", SHELL_KEY] }
            projects:
              - { key: app, env_pass: [API_TOKEN] }
            """, "baton.yaml", Defaults).Errors;

        errors.Select(e => e.Path).ShouldBe(["policy.env_pass[0]", "policy.env_pass[1]", "policy.env_pass[2]", "projects[0].env_pass[0]"], ignoreOrder: true);
        errors.Single(e => e.Path == "policy.env_pass[2]").Message.ShouldContain("holds a secret");
    }
}

/// <summary><c>budget:</c> (top level and per project) and <c>agents.*.price</c>: read, and refused when empty or not positive.</summary>
public sealed class BudgetConfigTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    [Fact]
    public void Budgets_and_prices_are_read()
    {
        var result = ConfigLoader.LoadText("""
            agents:
              codex: { kind: codex, price: { input_per_mtok: 1.25, output_per_mtok: 10 } }
            budget: { tokens: 2000000, cost_usd: 20 }
            projects:
              - { key: app, budget: { cost_usd: 2.5 } }
            """, "baton.yaml", Defaults);

        result.Errors.ShouldBeEmpty();
        result.Config.Budget.ShouldBe(new BudgetConfig { Tokens = 2_000_000, CostUsd = 20m });
        result.Config.Projects[0].Budget.ShouldBe(new BudgetConfig { CostUsd = 2.5m });
        result.Config.Agents["codex"].Price.ShouldBe(new AgentPrice(1.25m, 10m));
    }

    [Fact]
    public void An_empty_or_non_positive_budget_and_a_negative_price_are_refused_with_their_paths()
    {
        var errors = ConfigLoader.LoadText("""
            agents:
              codex: { kind: codex, price: { input_per_mtok: -1, output_per_mtok: 10 } }
            budget: { tokens: 0, cost_usd: lots }
            projects:
              - { key: app, budget: {} }
            """, "baton.yaml", Defaults).Errors;

        errors.Select(e => e.Path).ShouldBe(["agents.codex.price", "budget.tokens", "budget.cost_usd", "projects[0].budget"], ignoreOrder: true);
    }
}
