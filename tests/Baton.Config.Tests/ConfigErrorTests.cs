using Baton.Core.Config;

namespace Baton.Config.Tests;

public class ConfigErrorTests
{
    private static readonly ConfigDefaults Defaults = new("repo", ["codex"], []);

    private static IReadOnlyList<ConfigError> Errors(string yaml) => ConfigLoader.LoadText(yaml, "baton.yaml", Defaults).Errors;

    private static ConfigError Single(string yaml) => Errors(yaml).ShouldHaveSingleItem();

    [Fact]
    public void A_bad_file_lists_every_problem_with_its_key_path()
    {
        var yaml = """
            version: 1
            max_concurrent_runs: 0
            agents:
              shell: { kind: shel, command: "x" }
              claude: { kind: claude, modle: sonnet }
            projects:
              - key: app
                workspace: { mode: copy }
                pipeline: default
            pipelines:
              default:
                stages:
                  - { id: build, role: bilder }
                  - { id: test, command: "dotnet test", timeout: 20x }
                  - { id: review, kind: review, reviewers: [claude, gemini] }
                max_attempts: -1
            policy:
              approval: sometimes
            """;

        var errors = Errors(yaml);

        errors.Select(e => e.Path).ShouldBe(
        [
            "agents.shell.kind",
            "agents.claude.modle",
            "projects[0].workspace.mode",
            "pipelines.default.stages[0].role",
            "pipelines.default.stages[1].timeout",
            "policy.approval",
            "max_concurrent_runs",
            "pipelines.default.max_attempts",
            "pipelines.default.stages[2].reviewers[1]",
        ], ignoreOrder: true);
        errors.Single(e => e.Path == "agents.shell.kind").Message
            .ShouldBe("`shel` is not a valid agent kind. Valid: command | codex | claude | gemini | opencode | websocket.");
        errors.Single(e => e.Path == "agents.claude.modle").Message.ShouldStartWith("unknown key `modle`. Did you mean `model`?");
        errors.Single(e => e.Path == "projects[0].workspace.mode").Message.ShouldContain("Valid: worktree | clone.");
        errors.Single(e => e.Path == "pipelines.default.stages[0].role").Message
            .ShouldBe("`bilder` is not a valid role. Did you mean `builder`? Valid: planner | builder | tester | reviewer.");
        errors.Single(e => e.Path == "pipelines.default.stages[1].timeout").Message.ShouldContain("`20x`");
        errors.Single(e => e.Path == "policy.approval").Message.ShouldContain("never | on-request | always");
    }

    [Fact]
    public void Unknown_top_level_keys_suggest_the_nearest_one()
    {
        var error = Single("pipeline:\n  default: {}\n");

        error.Path.ShouldBe("pipeline");
        error.Message.ShouldStartWith("unknown key `pipeline`. Did you mean `pipelines`? Valid keys: version, state_dir,");
    }

    [Fact]
    public void Unknown_keys_far_from_any_valid_key_get_no_guess()
    {
        Single("agents:\n  codex: { flavour: x }\n").Message.ShouldStartWith("unknown key `flavour`. Valid keys: kind, model,");
    }

    [Theory]
    [InlineData("version: one\n", "version", "expected a whole number, got `one`.")]
    [InlineData("max_concurrent_runs: [1]\n", "max_concurrent_runs", "expected a whole number, got a list.")]
    [InlineData("agents: [codex]\n", "agents", "expected a mapping of agent names to settings")]
    [InlineData("projects: { key: app }\n", "projects", "expected a list such as `- { key: app, repo: . }`, got a mapping.")]
    [InlineData("projects: [app]\n", "projects[0]", "expected a mapping such as `{ key: app, repo: . }`, got `app`.")]
    [InlineData("pipelines: { default: { stages: { id: build } } }\n", "pipelines.default.stages", "expected a list")]
    [InlineData("pipelines: { default: { stages: [{ id: build, allow_failure: maybe }] } }\n", "pipelines.default.stages[0].allow_failure", "expected `true` or `false`, got `maybe`.")]
    [InlineData("pipelines: { default: { stages: [{ id: [a] }] } }\n", "pipelines.default.stages[0].id", "expected text, got a list.")]
    [InlineData("pipelines: { default: { stages: [{ id: r, kind: agent, reviewers: codex }] } }\n", "pipelines.default.stages[0].reviewers", "expected a list")]
    [InlineData("pipelines: { default: { stages: [{ id: b }], gates: \"make\" } }\n", "pipelines.default.gates", "expected a list")]
    [InlineData("pipelines: { default: { stages: [{ id: b }], gates: [[make]] } }\n", "pipelines.default.gates[0]", "expected a command or `{ command, timeout }`, got a list.")]
    [InlineData("policy: { blocked_commands: \"rm\" }\n", "policy.blocked_commands", "expected a list")]
    [InlineData("policy: { allow_task_commands: sometimes }\n", "policy.allow_task_commands", "expected `true` or `false`, got `sometimes`.")]
    [InlineData("matrix: yes\n", "matrix", "expected a mapping such as `{ homeserver: https://matrix.example.com, user_id: \"@baton:example.com\", access_token_env: BATON_MATRIX_TOKEN }`, got `yes`.")]
    [InlineData("server: [x]\n", "server", "expected a mapping such as `{ listen: \"127.0.0.1:8080\", token_env: BATON_TOKEN }`, got a list.")]
    public void Wrong_types_name_the_key_and_what_was_expected(string yaml, string path, string message)
    {
        var error = Single(yaml);

        error.Path.ShouldBe(path);
        error.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("agents:\n  shell: { kind: comand, command: x }\n", "agents.shell.kind", "Did you mean `command`?")]
    [InlineData("pipelines: { default: { stages: [{ id: b, kind: agnet }] } }\n", "pipelines.default.stages[0].kind", "Valid: agent | command | pipeline | review | approval.")]
    [InlineData("pipelines: { default: { stages: [{ id: b, role: boss }] } }\n", "pipelines.default.stages[0].role", "Valid: planner | builder | tester | reviewer.")]
    [InlineData("projects: [{ key: a, workspace: { mode: copy } }]\n", "projects[0].workspace.mode", "Valid: worktree | clone.")]
    [InlineData("policy: { approval: auto }\n", "policy.approval", "Valid: never | on-request | always.")]
    public void Bad_enum_values_list_the_valid_ones(string yaml, string path, string message)
    {
        var error = Single(yaml);

        error.Path.ShouldBe(path);
        error.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("pipelines: { default: { stages: [{ id: b, timeout: 10 minutes }] } }\n", "pipelines.default.stages[0].timeout")]
    [InlineData("pipelines: { default: { stages: [{ id: b, retry_delay: soon }] } }\n", "pipelines.default.stages[0].retry_delay")]
    [InlineData("projects: [{ key: a, bootstrap: { script: s.sh, timeout: -5m } }]\n", "projects[0].bootstrap.timeout")]
    [InlineData("projects: [{ key: a, workspace: { retention: forever } }]\n", "projects[0].workspace.retention")]
    [InlineData("policy: { limits: { run_timeout: 1.5h } }\n", "policy.limits.run_timeout")]
    [InlineData("agents: { codex: { timeout: x } }\n", "agents.codex.timeout")]
    [InlineData("pipelines: { default: { stages: [{ id: b }], gates: [{ command: make, timeout: 3 weeks }] } }\n", "pipelines.default.gates[1].timeout")]
    public void Bad_durations_name_the_key_and_the_accepted_forms(string yaml, string path)
    {
        var error = Errors(yaml).ShouldHaveSingleItem();

        error.Path.ShouldBe(path.Replace("gates[1]", "gates[0]", StringComparison.Ordinal));
        error.Message.ShouldContain("expected a duration");
        error.Message.ShouldContain("`1h30m`");
    }

    [Theory]
    [InlineData("pipelines: { default: { stages: [{ id: b, retries: -1 }] } }\n", "pipelines.default.stages[0].retries")]
    [InlineData("pipelines: { default: { stages: [{ id: b }], max_attempts: 0 } }\n", "pipelines.default.max_attempts")]
    [InlineData("projects: [{ key: a, bootstrap: { script: s.sh, retries: -2 } }]\n", "projects[0].bootstrap.retries")]
    [InlineData("max_concurrent_runs: -4\n", "max_concurrent_runs")]
    [InlineData("max_concurrent_runs: 2001\n", "max_concurrent_runs")]
    [InlineData("projects: [{ key: a, workspace: { spares: -1 } }]\n", "projects[0].workspace.spares")]
    [InlineData("projects: [{ key: a, workspace: { spares: 17 } }]\n", "projects[0].workspace.spares")]
    public void Negative_and_out_of_range_numbers_are_refused(string yaml, string path)
    {
        var error = Single(yaml);

        error.Path.ShouldBe(path);
        error.Message.ShouldContain("out of range");
    }

    [Theory]
    [InlineData("api_key")]
    [InlineData("token")]
    [InlineData("password")]
    public void A_secret_in_the_file_is_refused_and_never_echoed(string key)
    {
        var error = Single($"agents:\n  claude: {{ kind: claude, {key}: sk-live-123456 }}\n");

        error.Path.ShouldBe($"agents.claude.{key}");
        error.Message.ShouldContain("environment variable");
        error.Message.ShouldContain("`api_key_env`");
        error.Message.ShouldNotContain("sk-live");
    }

    [Fact]
    public void A_key_pasted_into_api_key_env_is_refused_and_never_echoed()
    {
        var error = Single("agents:\n  claude: { kind: claude, api_key_env: sk-live-123456 }\n");

        error.Path.ShouldBe("agents.claude.api_key_env");
        error.Message.ShouldNotContain("sk-live");
    }

    [Fact]
    public void A_fallback_to_an_unknown_agent_or_to_itself_is_refused()
    {
        var result = ConfigLoader.LoadText("agents:\n  claude: { kind: claude, fallback: [claude, gemni] }\n", "baton.yaml", Defaults);

        result.Errors.Select(e => e.Path).ShouldBe(["agents.claude.fallback[0]", "agents.claude.fallback[1]"]);
        result.Errors[1].Message.ShouldContain("unknown agent `gemni`");
    }

    [Fact]
    public void A_yaml_syntax_error_gives_line_and_column()
    {
        var error = Single("version: 1\nagents:\n  codex: {}\n claude: {}\n");

        error.Path.ShouldBe("baton.yaml");
        error.Message.ShouldStartWith("line 4, column 2:");
    }

    [Fact]
    public void An_unclosed_list_gives_a_position()
    {
        var error = Single("version: 1\nagents:\n  codex: { kind: codex\nprojects: []\n");

        error.Path.ShouldBe("baton.yaml");
        error.Message.ShouldBe("line 3, column 16: the YAML is not valid after this point: check for an unclosed `[`, `{` or quote.");
    }

    [Fact]
    public void A_duplicate_key_is_a_syntax_error()
    {
        var error = Single("version: 1\nversion: 1\n");

        error.Message.ShouldBe("line 2, column 1: duplicate key `version`: each key may appear once in a mapping.");
    }

    [Fact]
    public void A_file_that_is_not_a_mapping_says_so()
    {
        Single("- a\n- b\n").ShouldBe(new ConfigError("baton.yaml", "the file must be a mapping of top-level keys (version, agents, projects, pipelines, ...), got a list."));
    }

    [Fact]
    public void A_version_other_than_1_is_refused()
    {
        Single("version: 2\n").ToString().ShouldBe("version: unsupported version 2: this Baton reads `version: 1`.");
    }

    [Fact]
    public void An_agent_without_kind_or_a_known_name_needs_a_kind()
    {
        var error = Single("agents:\n  mine: { model: x }\n");

        error.Path.ShouldBe("agents.mine.kind");
        error.Message.ShouldContain("command | codex | claude | gemini | opencode | websocket");
    }

    [Fact]
    public void A_stage_whose_kind_is_wrong_gets_one_error_not_a_cascade()
    {
        var error = Single("pipelines: { default: { stages: [{ id: t, kind: comand, reviewers: [codex] }] } }\n");

        error.Path.ShouldBe("pipelines.default.stages[0].kind");
    }

    [Fact]
    public void A_stage_that_is_not_a_mapping_keeps_the_indexes_of_the_others()
    {
        var errors = Errors("pipelines: { default: { stages: [build, { id: t, kind: command }] } }\n");

        errors.Select(e => e.Path).ShouldBe(["pipelines.default.stages[0]", "pipelines.default.stages[1].command"]);
    }

    [Fact]
    public void References_are_checked_with_the_loader_paths()
    {
        var yaml = """
            agents: { codex: {} }
            projects: [{ key: App, pipeline: fast }]
            pipelines:
              default:
                stages: [{ id: b, agent: claude }, { id: n, pipeline: nested }]
              nested:
                stages: [{ id: back, pipeline: default }]
            """;

        var errors = Errors(yaml);

        errors.Select(e => e.Path).ShouldBe(
        [
            "projects[0].key",
            "projects[0].pipeline",
            "pipelines.default.stages[0].agent",
            "pipelines.nested.stages[0].pipeline",
        ]);
        errors[^1].Message.ShouldStartWith("pipelines form a cycle: default → nested → default.");
    }

    [Fact]
    public void An_empty_agents_section_with_agent_stages_says_how_to_add_one()
    {
        var error = Single("agents: {}\npipelines:\n  default:\n    stages: [ { id: build, kind: agent } ]\n");

        error.Path.ShouldBe("agents");
        error.Message.ShouldBe("no agent configured: add one under `agents:`, e.g. `shell: { kind: command, command: \"...\" }`");
    }

    [Fact]
    public void Pipelines_of_commands_need_no_agent_and_baton_s_own_default_pipeline_asks_only_when_it_runs()
    {
        var commandsOnly = ConfigLoader.LoadText("agents: {}\npipelines:\n  checks:\n    stages: [ { id: lint, kind: command, command: \"true\" } ]\n", "baton.yaml", Defaults);
        var nothing = ConfigLoader.LoadText("agents: {}\n", "baton.yaml", Defaults);

        commandsOnly.Errors.ShouldBeEmpty();
        commandsOnly.Config.Pipelines["default"].Implicit.ShouldBeTrue();
        commandsOnly.Config.Pipelines["checks"].Implicit.ShouldBeFalse();
        nothing.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void More_than_one_document_is_refused()
    {
        Single("version: 1\n---\nversion: 1\n").Message.ShouldContain("expected one YAML document, found 2");
    }
}
