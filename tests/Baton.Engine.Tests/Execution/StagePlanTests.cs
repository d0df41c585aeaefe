using Baton.Core.Config;
using Baton.Engine.Execution;

namespace Baton.Engine.Tests.Execution;

public sealed class StagePlanTests
{
    private static StageConfig Agent(string id, AgentRole? role) => new() { Id = id, Kind = StageKind.Agent, Role = role };

    private static StageConfig Command(string id) => new() { Id = id, Kind = StageKind.Command, Command = $"make {id}" };

    private static StageConfig Nested(string id, string pipeline) => new() { Id = id, Kind = StageKind.Pipeline, Pipeline = pipeline };

    /// <summary>default: plan → build → checks(lint, test, deep(fuzz)) → review.</summary>
    private static readonly BatonConfig Config = new()
    {
        Pipelines = new Dictionary<string, PipelineConfig>
        {
            ["default"] = new() { Name = "default", Stages = [Agent("plan", AgentRole.Planner), Agent("build", null), Nested("checks", "checks"), Agent("review", AgentRole.Reviewer)] },
            ["checks"] = new() { Name = "checks", Stages = [Command("lint"), Command("test"), Nested("deep", "deeper")] },
            ["deeper"] = new() { Name = "deeper", Stages = [Command("fuzz")] },
            ["no-builder"] = new() { Name = "no-builder", Stages = [Agent("plan", AgentRole.Planner), Command("lint"), Agent("review", AgentRole.Reviewer)] },
        },
    };

    private static StagePlan Build(string pipeline = "default", string? onlyStage = null) =>
        StagePlan.Build(Config, Config.Pipelines[pipeline], onlyStage);

    private static IEnumerable<string> Ids(IEnumerable<PlannedStage> stages) => stages.Select(s => s.Id);

    [Fact]
    public void Nested_pipelines_expand_in_place_to_dotted_ids_in_order()
    {
        Ids(Build().Stages).ShouldBe(["plan", "build", "checks.lint", "checks.test", "checks.deep.fuzz", "review"]);
    }

    [Fact]
    public void An_expanded_stage_keeps_its_own_configuration()
    {
        var fuzz = Build().Stages.Single(s => s.Id == "checks.deep.fuzz");

        fuzz.Config.Id.ShouldBe("fuzz");
        fuzz.Config.Command.ShouldBe("make fuzz");
    }

    [Theory]
    [InlineData("build")]
    [InlineData("checks.test")]
    [InlineData("checks.deep.fuzz")]
    public void Only_stage_selects_exactly_that_stage(string id)
    {
        Ids(Build(onlyStage: id).Stages).ShouldBe([id]);
    }

    [Theory]
    [InlineData("checks", new[] { "checks.lint", "checks.test", "checks.deep.fuzz" })]
    [InlineData("checks.deep", new[] { "checks.deep.fuzz" })]
    public void Only_stage_naming_a_nested_pipeline_selects_its_whole_group(string group, string[] expected)
    {
        Ids(Build(onlyStage: group).Stages).ShouldBe(expected);
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("check")]
    [InlineData("bui")]
    [InlineData("lint")]
    [InlineData("checks.")]
    public void An_unknown_stage_is_refused_with_the_list_of_stages(string id)
    {
        var error = Should.Throw<ArgumentException>(() => Build(onlyStage: id));

        error.Message.ShouldContain($"`{id}`");
        error.Message.ShouldContain("`default`");
        error.Message.ShouldContain("plan, build, checks.lint, checks.test, checks.deep.fuzz, review");
    }

    [Fact]
    public void The_first_builder_is_the_first_agent_stage_in_the_builder_role_or_with_no_role()
    {
        Build().FirstBuilderIndex.ShouldBe(1);
        Build().Stages[1].IsBuilder.ShouldBeTrue();
        Build().Stages.Where(s => s.Id != "build").ShouldAllBe(s => !s.IsBuilder);
    }

    [Fact]
    public void Attempt_one_runs_every_stage_and_later_attempts_start_again_at_the_builder()
    {
        var plan = Build();

        Ids(plan.StagesForAttempt(1)).ShouldBe(Ids(plan.Stages));
        Ids(plan.StagesForAttempt(2)).ShouldBe(["build", "checks.lint", "checks.test", "checks.deep.fuzz", "review"]);
        Ids(plan.StagesForAttempt(3)).ShouldBe(Ids(plan.StagesForAttempt(2)));
    }

    [Fact]
    public void Without_a_builder_every_attempt_runs_every_stage()
    {
        var plan = Build("no-builder");

        plan.FirstBuilderIndex.ShouldBe(-1);
        Ids(plan.StagesForAttempt(1)).ShouldBe(["plan", "lint", "review"]);
        Ids(plan.StagesForAttempt(2)).ShouldBe(["plan", "lint", "review"]);
    }

    [Fact]
    public void A_narrowed_plan_without_its_builder_runs_the_whole_selection_on_every_attempt()
    {
        var plan = Build(onlyStage: "checks");

        plan.FirstBuilderIndex.ShouldBe(-1);
        Ids(plan.StagesForAttempt(2)).ShouldBe(["checks.lint", "checks.test", "checks.deep.fuzz"]);
    }

    [Fact]
    public void A_stage_naming_a_missing_pipeline_stays_one_stage_to_fail_when_it_runs()
    {
        var config = new BatonConfig
        {
            Pipelines = new Dictionary<string, PipelineConfig> { ["p"] = new() { Name = "p", Stages = [Nested("ghost", "missing")] } },
        };

        var plan = StagePlan.Build(config, config.Pipelines["p"], null);

        Ids(plan.Stages).ShouldBe(["ghost"]);
        plan.Stages[0].Config.Kind.ShouldBe(StageKind.Pipeline);
    }
}
