using Baton.Core.Config;

namespace Baton.Config.Tests;

public class ConfigValidatorTests
{
    private static readonly AgentConfig Codex = new() { Name = "codex", Kind = AgentKind.Codex };

    private static BatonConfig Valid(params StageConfig[] stages) => new()
    {
        Agents = new Dictionary<string, AgentConfig> { ["codex"] = Codex },
        DefaultAgent = "codex",
        Projects = [new ProjectConfig { Key = "app" }],
        Pipelines = new Dictionary<string, PipelineConfig>
        {
            ["default"] = new() { Name = "default", Stages = stages.Length > 0 ? stages : [new StageConfig { Id = "build" }] },
        },
    };

    private static BatonConfig WithPipelines(BatonConfig config, params PipelineConfig[] pipelines) =>
        config with { Pipelines = pipelines.ToDictionary(p => p.Name) };

    [Fact]
    public void A_minimal_config_is_valid()
    {
        ConfigValidator.Validate(Valid()).ShouldBeEmpty();
    }

    [Fact]
    public void Project_keys_must_be_unique_and_safe()
    {
        var config = Valid() with
        {
            Projects = [new ProjectConfig { Key = "app" }, new ProjectConfig { Key = "app" }, new ProjectConfig { Key = "My App" }, new ProjectConfig { Key = "" }],
        };

        var errors = ConfigValidator.Validate(config);

        errors.ShouldContain(e => e.Path == "projects[1].key" && e.Message.Contains("duplicate project key `app`") && e.Message.Contains("projects[0]"));
        errors.ShouldContain(e => e.Path == "projects[2].key" && e.Message.Contains("`my-app`"));
        errors.ShouldContain(e => e.Path == "projects[3].key" && e.Message.Contains("needs `key`"));
        errors.Count.ShouldBe(3);
    }

    [Fact]
    public void A_project_must_name_an_existing_pipeline()
    {
        var config = Valid() with { Projects = [new ProjectConfig { Key = "app", Pipeline = "defualt" }] };

        var error = ConfigValidator.Validate(config).ShouldHaveSingleItem();

        error.Path.ShouldBe("projects[0].pipeline");
        error.Message.ShouldBe("unknown pipeline `defualt`. Did you mean `default`? Defined pipelines: default.");
    }

    [Fact]
    public void Stage_ids_must_be_unique_within_a_pipeline_and_safe()
    {
        var config = Valid(new StageConfig { Id = "build" }, new StageConfig { Id = "build" }, new StageConfig { Id = "two words" });

        var errors = ConfigValidator.Validate(config);

        errors.Select(e => e.Path).ShouldBe(["pipelines.default.stages[1].id", "pipelines.default.stages[2].id"]);
        errors[0].Message.ShouldContain("stages[0]");
    }

    [Fact]
    public void Agent_stages_must_name_existing_agents()
    {
        var config = Valid(new StageConfig { Id = "build", Agent = "codx" });

        var error = ConfigValidator.Validate(config).ShouldHaveSingleItem();

        error.ToString().ShouldBe("pipelines.default.stages[0].agent: unknown agent `codx`. Did you mean `codex`? Defined agents: codex.");
    }

    [Fact]
    public void Agent_stages_without_any_agent_configured_get_one_clear_error()
    {
        var config = Valid(new StageConfig { Id = "plan" }, new StageConfig { Id = "build" }) with
        {
            Agents = new Dictionary<string, AgentConfig>(),
            DefaultAgent = null,
        };

        var error = ConfigValidator.Validate(config).ShouldHaveSingleItem();

        error.Path.ShouldBe("agents");
        error.Message.ShouldBe("no agent configured: add one under `agents:`, e.g. `shell: { kind: command, command: \"...\" }`");
    }

    [Fact]
    public void Command_and_pipeline_stages_need_their_target()
    {
        var config = Valid(
            new StageConfig { Id = "test", Kind = StageKind.Command },
            new StageConfig { Id = "sub", Kind = StageKind.Pipeline },
            new StageConfig { Id = "lint", Kind = StageKind.Pipeline, Pipeline = "lnt" });

        var errors = ConfigValidator.Validate(config);

        errors.Select(e => e.Path).ShouldBe(
        [
            "pipelines.default.stages[0].command",
            "pipelines.default.stages[1].pipeline",
            "pipelines.default.stages[2].pipeline",
        ]);
        errors[2].Message.ShouldContain("unknown pipeline `lnt`");
    }

    [Fact]
    public void Nested_pipelines_may_not_form_a_cycle()
    {
        var config = WithPipelines(
            Valid(),
            new PipelineConfig { Name = "default", Stages = [new StageConfig { Id = "build" }, new StageConfig { Id = "more", Kind = StageKind.Pipeline, Pipeline = "a" }] },
            new PipelineConfig { Name = "a", Stages = [new StageConfig { Id = "to-b", Kind = StageKind.Pipeline, Pipeline = "b" }] },
            new PipelineConfig { Name = "b", Stages = [new StageConfig { Id = "to-a", Kind = StageKind.Pipeline, Pipeline = "a" }] });

        var error = ConfigValidator.Validate(config).ShouldHaveSingleItem();

        error.Path.ShouldBe("pipelines.b.stages[0].pipeline");
        error.Message.ShouldStartWith("pipelines form a cycle: a → b → a.");
    }

    [Fact]
    public void A_pipeline_that_contains_itself_is_a_cycle()
    {
        var config = WithPipelines(
            Valid(),
            new PipelineConfig { Name = "default", Stages = [new StageConfig { Id = "again", Kind = StageKind.Pipeline, Pipeline = "default" }] });

        ConfigValidator.Validate(config).ShouldHaveSingleItem().Message.ShouldStartWith("pipelines form a cycle: default → default.");
    }

    [Fact]
    public void A_diamond_of_nested_pipelines_is_not_a_cycle()
    {
        var config = WithPipelines(
            Valid(),
            new PipelineConfig { Name = "default", Stages = [new StageConfig { Id = "a", Kind = StageKind.Pipeline, Pipeline = "a" }, new StageConfig { Id = "b", Kind = StageKind.Pipeline, Pipeline = "b" }] },
            new PipelineConfig { Name = "a", Stages = [new StageConfig { Id = "c", Kind = StageKind.Pipeline, Pipeline = "c" }] },
            new PipelineConfig { Name = "b", Stages = [new StageConfig { Id = "c", Kind = StageKind.Pipeline, Pipeline = "c" }] },
            new PipelineConfig { Name = "c", Stages = [new StageConfig { Id = "test", Kind = StageKind.Command, Command = "make test" }] });

        ConfigValidator.Validate(config).ShouldBeEmpty();
    }

    [Fact]
    public void Command_agents_need_a_command()
    {
        var config = Valid() with
        {
            Agents = new Dictionary<string, AgentConfig> { ["shell"] = new() { Name = "shell", Kind = AgentKind.Command } },
            DefaultAgent = "shell",
        };

        ConfigValidator.Validate(config).ShouldHaveSingleItem().Path.ShouldBe("agents.shell.command");
    }

    [Fact]
    public void Attempts_and_retries_must_be_in_range()
    {
        var config = WithPipelines(
            Valid(),
            new PipelineConfig { Name = "default", MaxAttempts = 0, Stages = [new StageConfig { Id = "build", Retries = -1 }] });

        var errors = ConfigValidator.Validate(config);

        errors.Select(e => e.Path).ShouldBe(["pipelines.default.max_attempts", "pipelines.default.stages[0].retries"]);
    }

    [Fact]
    public void Review_stages_need_reviewers_that_exist_and_a_pause_threshold_of_zero_or_more()
    {
        var config = Valid(
            new StageConfig { Id = "build" },
            new StageConfig { Id = "review", Kind = StageKind.Review, Reviewers = ["codex", "claude"] },
            new StageConfig { Id = "review2", Kind = StageKind.Review },
            new StageConfig { Id = "review3", Kind = StageKind.Review, Reviewers = ["codex"], PauseAt = -1 },
            new StageConfig { Id = "test", Kind = StageKind.Command, Command = "make", SendBack = true });

        var errors = ConfigValidator.Validate(config);

        errors.Select(e => e.Path).ShouldBe([
            "pipelines.default.stages[1].reviewers[1]", "pipelines.default.stages[2].reviewers", "pipelines.default.stages[3].pause_at",
            "pipelines.default.stages[4].send_back"]);
        ConfigValidator.Validate(Valid(new StageConfig { Id = "build" }, new StageConfig { Id = "review", Kind = StageKind.Review, Reviewers = ["codex"] })).ShouldBeEmpty();
    }

    [Fact]
    public void Keys_that_do_not_apply_to_a_stage_kind_are_named()
    {
        var config = Valid(new StageConfig { Id = "build" }, new StageConfig { Id = "test", Kind = StageKind.Command, Command = "make", Agent = "codex" });

        var error = ConfigValidator.Validate(config).ShouldHaveSingleItem();

        error.ToString().ShouldBe("pipelines.default.stages[1].agent: `agent` applies only to agent stages, and this one is `command`.");
    }

    [Fact]
    public void Top_level_values_are_range_checked()
    {
        var config = Valid() with { Version = 2, MaxConcurrentRuns = 0, Store = "mysql://x", StateDir = " " };

        var errors = ConfigValidator.Validate(config);

        errors.Select(e => e.Path).ShouldBe(["version", "state_dir", "store", "max_concurrent_runs"]);
    }

    [Fact]
    public void A_postgres_url_is_a_valid_store_and_is_never_echoed()
    {
        ConfigValidator.Validate(Valid() with { Store = "postgres://baton:hunter2@db:5432/baton" }).ShouldBeEmpty();

        var error = ConfigValidator.Validate(Valid() with { Store = "postgres://baton:hunter2@" }).ShouldHaveSingleItem();
        error.Message.ShouldNotContain("hunter2");
    }
}
