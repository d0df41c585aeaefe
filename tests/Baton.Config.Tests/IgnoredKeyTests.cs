using Baton.Core.Config;

namespace Baton.Config.Tests;

/// <summary>Keys an agent kind would silently ignore are refused with their key paths; the kinds that use them keep them.</summary>
public sealed class IgnoredKeyTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private static IReadOnlyList<ConfigError> Errors(string agents) => ConfigLoader.LoadText("agents:\n" + agents, "baton.yaml", Defaults).Errors;

    [Theory]
    [InlineData("  g: { kind: gemini, sandbox: read-only }\n", "agents.g.sandbox", "only codex and claude")]
    [InlineData("  o: { kind: opencode, sandbox: read-only }\n", "agents.o.sandbox", "only codex and claude")]
    [InlineData("  s: { kind: command, command: \"true\", sandbox: read-only }\n", "agents.s.sandbox", "confine the command yourself")]
    [InlineData("  s: { kind: command, command: \"true\", model: gpt-5 }\n", "agents.s.model", "does not take `model`")]
    [InlineData("  w: { kind: websocket, base_url: \"ws://127.0.0.1:9/\", model: x }\n", "agents.w.model", "does not take `model`")]
    public void A_key_the_kind_ignores_is_refused(string agents, string path, string fragment)
    {
        var errors = Errors(agents);

        errors.ShouldContain(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Theory]
    [InlineData("  c: { kind: codex, model: o3, sandbox: workspace-write }\n")]
    [InlineData("  c: { kind: claude, model: sonnet, sandbox: read-only }\n")]
    [InlineData("  g: { kind: gemini, model: gemini-2.5-pro }\n")]
    [InlineData("  o: { kind: opencode, model: my-model, base_url: \"http://127.0.0.1:9/v1\", api_key_env: K }\n")]
    public void The_kinds_that_use_them_keep_them(string agents) => Errors(agents).ShouldBeEmpty();

    [Fact]
    public void A_postgres_store_takes_its_password_from_the_variable_store_password_env_names()
    {
        var loaded = ConfigLoader.LoadText("store: postgres://baton@db.example:5432/baton\nstore_password_env: BATON_PG_PASSWORD\n", "baton.yaml", Defaults);

        loaded.Errors.ShouldBeEmpty();
        loaded.Config.StorePasswordEnv.ShouldBe("BATON_PG_PASSWORD");
    }

    [Theory]
    [InlineData("store_password_env: PGPASSWORD\n", "only a PostgreSQL `store:` has a password")]
    [InlineData("store: postgres://baton@db.example/baton\nstore_password_env: \"pg password\"\n", "is not an environment variable name")]
    public void A_password_variable_without_a_postgres_store_or_with_a_bad_name_is_refused(string yaml, string fragment)
    {
        var errors = ConfigLoader.LoadText(yaml, "baton.yaml", Defaults).Errors;

        errors.ShouldContain(e => e.Path == "store_password_env" && e.Message.Contains(fragment, StringComparison.Ordinal), string.Join("\n", errors));
    }

    [Theory]
    [InlineData("policy: { approval: always }\n")]
    [InlineData("policy: { approval: on-request, allow_self_approval: false }\n")]
    [InlineData("policy: { confirm_commands: [\"git push\"], confirm_timeout: 90s, watched_patterns: [\"sudo \"] }\n")]
    [InlineData("policy: { approval: on-request }\npipelines: { default: { stages: [{ id: sign-off, kind: approval, prompt: \"Ship it?\" }] } }\n")]
    public void Approvals_are_built_and_accepted(string yaml) =>
        ConfigLoader.LoadText(yaml, "baton.yaml", Defaults).Errors.ShouldBeEmpty();

    [Fact]
    public void An_approval_stage_under_policy_approval_never_is_refused_saying_what_to_set()
    {
        var errors = ConfigLoader.LoadText("pipelines: { default: { stages: [{ id: ok, kind: approval }] } }\n", "baton.yaml", Defaults).Errors;

        errors.ShouldContain(e => e.Path == "pipelines.default.stages[0].kind" && e.Message.Contains("set `policy.approval: on-request`", StringComparison.Ordinal),
            string.Join("\n", errors));
    }

    [Fact]
    public void Confirmed_and_watched_commands_are_read_with_their_timeout()
    {
        var policy = ConfigLoader.LoadText("policy: { confirm_commands: [\"git push\"], confirm_timeout: 90s, watched_patterns: [\"curl * | sh\"] }\n", "baton.yaml", Defaults).Config!.Policy;

        policy.ConfirmCommands.ShouldBe(["git push"]);
        policy.ConfirmTimeout.ShouldBe(TimeSpan.FromSeconds(90));
        policy.WatchedPatterns.ShouldBe(["curl * | sh"]);
    }

    [Fact]
    public void Limits_are_read_and_nonsense_is_refused_saying_what_would_do()
    {
        var policy = ConfigLoader.LoadText("policy: { limits: { memory_mb: 4096, cpu: 1.5, processes: 512 } }\n", "baton.yaml", Defaults).Config!.Policy;
        (policy.MemoryMb, policy.Cpu, policy.Processes).ShouldBe((4096, 1.5, 512));

        var errors = ConfigLoader.LoadText("policy: { limits: { memory_mb: 1, cpu: 0, processes: 2 } }\n", "baton.yaml", Defaults).Errors;
        errors.Select(e => e.Path).Order().ShouldBe(["policy.limits.cpu", "policy.limits.memory_mb", "policy.limits.processes"]);
    }
}
